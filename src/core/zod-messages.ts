// zod's mini build (the one the tool uses: its schemas cost about half as much to build and run,
// docs/performance.md) carries no messages of its own: the English ones are set here, once, by
// every module whose zod issues reach the user (a bad option, an unreadable team manifest).
import { config } from "zod/v4/core";
import en from "zod/v4/locales/en.js";

config(en());
