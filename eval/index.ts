export { scoreExport, formatScores, loadGold, type Scores, type ScoreRow, type ExportedRecord } from './score.js';
