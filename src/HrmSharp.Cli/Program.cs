using HrmSharp.Cli;
using HrmSharp.Runtime;

// libtorch's OpenMP threads spin while idle by default: on a shared 2-core machine that made training ~12× slower and
// tripled `bench context`'s packed time per task (docs/BENCHMARKS.md). Every command that loads libtorch wants them to
// sleep, and the setting must be in place before libtorch loads.
DeviceSetup.PreferPassiveOpenMpWait();
DeviceSetup.PreferHugePages();

if (Tcmalloc.MaybeRelaunch(args) is int childExit)
    return childExit;

// libtorch's AVX-512 exp slows ~30× while a page its masked loads name is unmapped (MaskedLoadPages); HRM_MASKED_LOAD_PAGES=0 turns the
// keeper off, for comparison.
using var maskedLoadPages = Environment.GetEnvironmentVariable("HRM_MASKED_LOAD_PAGES") == "0"
    ? null
    : new MaskedLoadPages(TimeSpan.FromMilliseconds(100));

return CliApp.Run(args, new CliContext(ConsoleReporter.Create(), Console.Out, Console.Error));
