import { Testing } from "../framework/cdktf";
// Types of the matchers setupJest adds (toHaveResourceWithProperties, ...).
import "../framework/testing";

Testing.setupJest();
