/**
 * Names the stacks derive from config names, stated once so the checks (config/checks/names.ts)
 * see the names the output will hold.
 */
import { fitPrefix } from "../modules/names";

/**
 * ALB name (32 characters at most): `<cluster>-<lb>`, shortening the cluster part rather than
 * the load balancer's own name, so the load balancers of one cluster never share a name.
 */
export function loadBalancerName(clusterName: string, lbName: string): string {
  if (lbName.length > 27) return lbName;
  return `${fitPrefix(clusterName, 31 - lbName.length)}-${lbName}`;
}
