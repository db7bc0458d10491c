export declare const CLI_PACKAGE_NAME: string;
/** Builds and packs the `handoff-cli` npm package into `outDir`; returns the tarball's path. */
export declare function packCli(outDir?: string): string;
