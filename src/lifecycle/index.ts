// Quit → write → relaunch → confirm (docs/claude-desktop.md#quit-write-relaunch), the same on every OS through one
// LifecycleModule per platform. What every command may read (doctor, and a process's start time):
//   probeRunningApp(ctx, apps?) the running main process of Claude Desktop, or none, saying
//                               when it could not be checked (tool missing)
//   readAppLog(ctx, targets?)   the newest 3P main.log, classified (./log.ts)
// What only the commands that act on the app load (./actions.ts): quitApp / launchApp /
// confirmLaunch, and restartAround() for setup and revert.
// The parts, one concern each: ./probe.ts (the OS module, timings, the running app), ./quit.ts,
// ./launch.ts (launch and confirm), ./restart.ts (around a write, and the summary), ./log.ts.
export { classifyLog, readAppLog, type AppLogReport, type LogSummary, type LogStatus } from "./log.js";
export type { AppProcess, LaunchResult } from "./types.js";
export {
  confirmSeconds,
  DEFAULT_CONFIRM_SECONDS,
  DEFAULT_QUIT_SECONDS,
  lifecycleModule,
  type Probe,
  probeRunningApp,
  quitSeconds,
  type RunningApp,
} from "./probe.js";
