/**
 * Checks over the synth output keys: `moved` must name a service that exists now and one that does not,
 * and module mode excludes what a reusable module cannot hold (a backend, several stacks).
 */
import type { ConfigCheck } from "../checks";
import { show } from "../schema-dsl";

export const checkSynthOutput: ConfigCheck = (config, add) => {
  const services = config.services.map((s) => s.name);
  const targets = new Map<string, number>();
  config.moved.forEach((move, index) => {
    const at = `moved[${index}]`;
    const from = move.from.slice("services.".length);
    const to = move.to.slice("services.".length);
    if (from === to) {
      add(`${at}.to`, `${show(move.to)} is the same as from; a rename needs a new name`);
      return;
    }
    if (services.includes(from)) {
      add(`${at}.from`, `${show(move.from)} is still a service in services; from must be the old name, no longer in use`);
    }
    if (!services.includes(to)) {
      add(`${at}.to`, `${show(move.to)} is not a service in services; allowed: ${services.map((s) => show(`services.${s}`)).join(", ") || "(none defined)"}`);
    }
    const first = targets.get(to);
    if (first !== undefined) add(`${at}.to`, `${show(move.to)} is already the target of moved[${first}]; a service has one previous name per rename`);
    else targets.set(to, index);
  });

  if (config.module) {
    if (config.backend.s3) {
      add("backend.s3", "cannot be set with module: true; a module has no backend: configure state in the root module that calls it");
    }
    config.services.forEach((service, index) => {
      if (service.stack !== undefined) {
        add(`services[${index}].stack`, `${show(service.stack)} cannot be set with module: true; a module is one stack`);
      }
    });
  }
};
