// macOS's modules, as one set (../os-rooms.ts).
import { darwin as keyStore } from "../../keychain/darwin.js";
import { darwin as lifecycle } from "../../lifecycle/darwin.js";
import { detectDarwin as detectManaged } from "../../managed/darwin.js";
import type { OsRooms } from "../os-rooms.js";
import { darwin as platform } from "../darwin.js";

export const rooms: OsRooms = { platform, keyStore, lifecycle, detectManaged };
