export { writeFileAtomic, writeFileAtomicAsync } from './atomic-write.js';
