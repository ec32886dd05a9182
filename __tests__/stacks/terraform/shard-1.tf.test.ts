import { terraformSuite } from "../../helpers/terraform-suite";

// Bundled configs number 1, 4, 7, ... (SHARDS files, so jest runs them in parallel):
// terraform init + validate + a mock plan and apply of every stack.
terraformSuite(1);
