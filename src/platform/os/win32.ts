// Windows's modules, as one set (../os-rooms.ts).
import { win32 as keyStore } from "../../keychain/win32.js";
import { win32 as lifecycle } from "../../lifecycle/win32.js";
import { detectWin32 as detectManaged } from "../../managed/win32.js";
import type { OsRooms } from "../os-rooms.js";
import { win32 as platform } from "../win32.js";

export const rooms: OsRooms = { platform, keyStore, lifecycle, detectManaged };
