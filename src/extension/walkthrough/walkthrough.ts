// "Get started with Scaling Laws" (package.json contributes.walkthroughs): its first step opens the
// example runs shipped in the .vsix, so Fit Scaling Law (which fits the active log) has a file to fit.
import * as vscode from 'vscode';

/** The example the walkthrough fits (shipped: .vscodeignore keeps it). */
export const WALKTHROUGH_EXAMPLE = ['examples', 'chinchilla-runs.csv'] as const;

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('scalingLaws.openExample', async () => {
      const uri = vscode.Uri.joinPath(context.extensionUri, ...WALKTHROUGH_EXAMPLE);
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    }),
  );
}
