/**
 * The files picked in this tab, by the import they were uploaded as: reading a file again with other options
 * (encoding, delimiter, sheet) uploads it again, and the failed rows' file can carry the rows' own cells. Nothing
 * is kept across a reload: then the person picks the file again to change how it is read.
 */
const files = new Map<string, File>();

export function keepFile(jobId: string, file: File): void {
  files.set(jobId, file);
}

export function fileOf(jobId: string): File | undefined {
  return files.get(jobId);
}
