// Linux's modules, as one set (../os-rooms.ts).
import { linux as keyStore } from "../../keychain/linux.js";
import { linux as lifecycle } from "../../lifecycle/linux.js";
import { detectLinux as detectManaged } from "../../managed/linux.js";
import type { OsRooms } from "../os-rooms.js";
import { linux as platform } from "../linux.js";

export const rooms: OsRooms = { platform, keyStore, lifecycle, detectManaged };
