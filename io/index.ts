export { writeFileAtomic, writeFileAtomicAsync, replaceFileAsync, syncFolderAsync, isTempFileOf } from './atomic-write.js';
