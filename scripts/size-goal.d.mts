export declare const PACKED_BYTES_GOAL: number;
