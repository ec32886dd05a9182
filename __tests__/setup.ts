import { Testing } from "cdktf";
// Types of the matchers setupJest adds (toHaveResourceWithProperties, ...).
import type {} from "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
