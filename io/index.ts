export { writeFileAtomic, writeFileAtomicAsync, isTempFileOf } from './atomic-write.js';
