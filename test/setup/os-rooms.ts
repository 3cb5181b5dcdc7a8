// Every system's modules, loaded once for the tests: the CLI loads its own system's when it makes a
// run's Context (src/platform/load-os.ts), but tests build contexts for all three by hand.
import { loadOsRooms } from "../../src/platform/load-os.js";

await Promise.all((["darwin", "linux", "win32"] as const).map((id) => loadOsRooms(id)));
