// Types of build-server.mjs for the TypeScript that imports it (the benchmark).
export declare const serverBundle: string;
export declare function newest(dir: string): number;
export declare function serverBuildStale(): boolean;
export declare function buildServer(): Promise<string>;
export declare function ensureServerBuild(log?: (message: string) => void): Promise<string>;
