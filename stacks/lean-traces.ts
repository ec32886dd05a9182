/**
 * cdktf records where every token was made: each attribute reference and each nested block of a
 * provider resource captures a complete stack trace and formats it into strings
 * (cdktf/lib/tokens/private/stack-trace.js, called by the Intrinsic, Lazy and ComplexResolvable
 * constructors). That costs about a fifth of synth time and of heap (README, Performance), for
 * text shown only in a few cdktf error messages ("token created at ...").
 *
 * While `fn` runs, traces captured into plain objects (what cdktf and constructs do) are left
 * empty; Error objects keep their usual stack. The previous handler is restored afterwards.
 * cdktf's own capture (with an unlimited `Error.stackTraceLimit`, so V8 still walks every frame
 * before the empty text is made) is replaced by one that returns the same empty trace at once.
 */
import { frameworkStackTraceModule } from "../framework/cdktf";

export function withLeanTokenTraces<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  const cdktfTraces = frameworkStackTraceModule();
  const previousCapture = cdktfTraces?.captureStackTrace;
  if (cdktfTraces) cdktfTraces.captureStackTrace = () => [];
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    if (!(error instanceof Error)) return "";
    if (previous) return previous(error, frames);
    return `${Error.prototype.toString.call(error)}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
  };
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
    if (cdktfTraces && previousCapture) cdktfTraces.captureStackTrace = previousCapture;
  }
}
