import { terraformSuite } from "../../helpers/terraform-suite";

// Bundled configs number 0, 3, 6, ... (SHARDS files, so jest runs them in parallel):
// terraform init + validate + a mock plan and apply of every stack.
terraformSuite(0);
