import type { TerminalFrame } from '../../protocol/terminalProtocol';

// ANSI: dim for what MetaHuman says about the run, bold for the command line, reset after each.
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

/**
 * What the editor's "MetaHuman: shell" terminal prints for one frame of a run: a header with the
 * folder and the exact command line, the output as it came (line ends made `\r\n`, which a terminal
 * needs), and how it ended. Control sequences in the output are kept but a reset follows each piece,
 * so a command cannot leave the terminal hidden or recoloured for the next one.
 */
export function terminalText(frame: TerminalFrame): string {
  switch (frame.kind) {
    case 'start':
      return `${DIM}MetaHuman runs an approved command in ${frame.cwd} (proposal ${frame.run})${RESET}\r\n${BOLD}$ ${crlf(frame.line)}${RESET}\r\n`;
    case 'data':
      return `${crlf(frame.text)}${RESET}`;
    case 'end': {
      const how = frame.note ? `${RED}stopped: ${frame.note}` : frame.exitCode === 0 ? 'exit code 0' : `${RED}exit code ${frame.exitCode ?? 'unknown'}`;
      return `\r\n${DIM}[${how}${DIM}]${RESET}\r\n\r\n`;
    }
  }
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}
