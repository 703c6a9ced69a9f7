using HrmSharp.Cli;

if (Tcmalloc.MaybeRelaunch(args) is int childExit)
    return childExit;

return CliApp.Run(args, new CliContext(ConsoleReporter.Create(), Console.Out, Console.Error));
