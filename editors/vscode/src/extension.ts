// Starts `pcql lsp` for .pcql documents (and .sql with `pcql.checkSqlFiles`).
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("pcql");
  const command = config.get<string>("path", "pcql");
  const server: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const selector: LanguageClientOptions["documentSelector"] = [
    { scheme: "file", language: "pcql" },
    { scheme: "untitled", language: "pcql" },
  ];
  if (config.get<boolean>("checkSqlFiles", false)) {
    selector.push({ scheme: "file", language: "sql" });
  }
  const options: LanguageClientOptions = {
    documentSelector: selector,
    synchronize: {
      // pcql.toml and schema directories: the server reloads them on change.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/pcql.toml"),
        vscode.workspace.createFileSystemWatcher("**/.pcql/**"),
      ],
    },
  };
  client = new LanguageClient("pcql", "pcql", server, options);
  context.subscriptions.push(
    vscode.commands.registerCommand("pcql.restart", async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
