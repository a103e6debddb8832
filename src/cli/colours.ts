/** Colours only for a person at a terminal: never under NO_COLOR, in pipes or with --json. */
export const coloursWanted = (json: boolean): boolean => !json && !process.env.NO_COLOR && process.stdout.isTTY === true;
