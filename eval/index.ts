export { scoreExport, formatScores, formatEntityErrors, loadGold, type Scores, type ScoreRow, type EntityError, type ExportedRecord } from './score.js';
