import { Testing } from "cdktf";

Testing.setupJestMatchers();
