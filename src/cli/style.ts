import chalk from 'chalk';
import { coloursWanted } from './colours';

/** Turns chalk off unless colours are wanted (see coloursWanted). */
export function configureColours(json: boolean): void {
  if (!coloursWanted(json)) chalk.level = 0;
}

export { chalk };
