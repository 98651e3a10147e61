// The registers' versions and rows as other capabilities read them in their own transaction (the import's preview and
// commit, the edit and restore in imports/, a new regnskapsår): the registers' contract for these reads, so the queries
// in registers.repository.ts stay the registers' own.
export {
  countVersionRows,
  findCurrentVersion,
  findVersion,
  listKontoplanKoder,
  listKontoplanRows,
  listLonnsartRows,
  listUtbetalingskategoriRows,
  listVersionRecords,
  listVersionRowsPage,
  listVersions,
} from './registers.repository.ts';
