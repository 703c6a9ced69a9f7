using HrmSharp.Cli;
using HrmSharp.Training;

// libtorch's OpenMP threads spin while idle by default (about 12× slower on a shared 2-core machine); every command
// that loads libtorch wants them to sleep, and the setting must be in place before libtorch loads.
DeviceSetup.PreferPassiveOpenMpWait();

if (Tcmalloc.MaybeRelaunch(args) is int childExit)
    return childExit;

return CliApp.Run(args, new CliContext(ConsoleReporter.Create(), Console.Out, Console.Error));
