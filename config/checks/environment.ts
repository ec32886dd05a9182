/**
 * Checks over `environment` and `account`: the name an environment gives its stacks and AWS
 * resources must still be a valid name, and `account` needs a provider block to reach.
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";

/** Longest `name` (and so `<name>-<environment>`) allowed: AWS name prefixes made from it need room. */
const MAX_NAME_LENGTH = 32;

/** The name stacks, state keys and AWS names use: `<name>-<environment>`, or `name` without an environment. */
export function qualifiedName(name: string, environment: string | undefined): string {
  return environment === undefined ? name : `${name}-${environment}`;
}

export const checkEnvironment: ConfigCheck = (config, add) => {
  const qualified = qualifiedName(config.name, config.environment);
  if (qualified.length > MAX_NAME_LENGTH) {
    add(
      "environment",
      `${show(config.environment)} makes the name ${show(qualified)} (${qualified.length} characters); name and environment together are at most ${MAX_NAME_LENGTH} characters with the dash: shorten one of them`,
    );
  }
  if (config.module && config.account !== undefined) {
    add(
      "account",
      `${show(config.account)} cannot be set with module: true: a module has no provider block; set allowed_account_ids on the provider of the configuration that calls the module`,
    );
  }
};
