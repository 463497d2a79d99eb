/**
 * @bnkit/core/node: Node-only helpers shared by the packages' `/node` entries: atomic file and
 * folder writes, sweeping a killed writer's temporaries, containment of paths read from files,
 * and reading a tfjs model.json with its weight files.
 *
 * @packageDocumentation
 */
export { writeFileAtomic, writeFolderAtomic } from './node/write-file-atomic.js';
export { sweepTemporaryFiles, temporaryNameFor } from './node/temporary-files.js';
export { containedPath, PathEscapeError } from './node/contained-path.js';
export { ModelFileError, readModelJson, readWeightFiles } from './node/model-json-file.js';
export type { ModelJsonContent } from './node/model-json-file.js';
