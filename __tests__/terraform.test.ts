import { terraformSuite } from "./helpers/terraform-suite";

// Every bundled config: terraform init + validate + mock plan/apply.
terraformSuite(0);
