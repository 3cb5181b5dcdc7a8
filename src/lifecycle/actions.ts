// Quitting, launching and restarting the app (./index.ts holds what every command may read): loaded
// with the commands that act on the app, not by those that only look at it.
export { quitApp, type QuitOptions, type QuitResult } from "./quit.js";
export { type ConfirmResult, type ConfirmStatus, confirmLaunch, launchApp, type LogMark, markLog, relaunchAndConfirm } from "./launch.js";
export { lifecycleLines, type LifecycleOutcome, restartAround, type RestartOptions } from "./restart.js";
