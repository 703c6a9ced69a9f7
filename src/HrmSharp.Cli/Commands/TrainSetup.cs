using System.CommandLine;
using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using HrmSharp.Training;

namespace HrmSharp.Cli.Commands;

/// <summary>
/// The config options shared by `hrm train` and `hrm bench train`: a preset, then `--set key=value` overrides, then
/// the shorthand flags (--data, --device, --dtype, --core, --conditioning, --layout, --pos, --steps, --minutes), which are --set under other names.
/// </summary>
public sealed class TrainSetup
{
    public Option<string?> Preset { get; } = new("--preset")
    {
        Description = $"Preset ({string.Join(", ", Presets.Names())}) or a path to a config JSON; default {Presets.Default}.",
    };
    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override any config field by dotted path, e.g. --set model.hidden_size=64 (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };
    public Option<string?> Data { get; } = new("--data") { Description = "Training data: a Sudoku/Maze CSV or ARC task folder(s) (sets data.path)." };
    public Option<string?> Device { get; } = new("--device") { Description = "cpu or cuda (sets device)." };
    public Option<string?> DType { get; } = new("--dtype") { Description = "auto, float32 or bfloat16 (auto: bfloat16 only where the CPU or GPU computes it fast)." };
    public Option<string?> Core { get; } = new("--core") { Description = "Reasoning core: hrm, trm or transformer (sets model.core)." };
    public Option<string?> Conditioning { get; } = new("--conditioning")
    {
        Description = "puzzle-id (HRM: a learned embedding per task augmentation) or context (the whole task in the sequence; " +
                      "sets data.conditioning and model.conditioning, and drops puzzle embeddings).",
    };
    public Option<string?> Layout { get; } = new("--layout")
    {
        Description = "In context: packed (every grid at its real size) or padded (every grid on a 30x30 canvas, as HRM; sets data.context_layout).",
    };
    public Option<string?> Pos { get; } = new("--pos")
    {
        Description = "Positions: rope1d (rotary over the 1D index), rope2d (by row and column; context only) or learned (sets model.pos_encodings).",
    };
    public Option<long?> Steps { get; } = new("--steps") { Description = "Step budget (sets steps; 0 = none)." };
    public Option<double?> Minutes { get; } = new("--minutes") { Description = "Wall-clock budget in minutes, resumed parts included (sets minutes; 0 = none)." };
    public Option<string?> Init { get; } = new("--init")
    {
        Description = "Start from another run's weights (a checkpoint or run folder: its latest), e.g. a model pretrained on generated tasks; " +
                      "optimiser and steps start fresh (sets init_from).",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Preset, Set, Data, Device, DType, Core, Conditioning, Layout, Pos, Steps, Minutes, Init })
            command.Options.Add(option);
    }

    /// <summary>The flags as assignments, in the order they apply after --set.</summary>
    public IEnumerable<string> FlagAssignments(ParseResult parse)
    {
        if (parse.GetValue(Data) is { } data) yield return $"data.path={data}";
        if (parse.GetValue(Device) is { } device) yield return $"device={device}";
        if (parse.GetValue(DType) is { } dtype) yield return $"dtype={dtype}";
        if (parse.GetValue(Core) is { } core) yield return $"model.core={core}";
        if (parse.GetValue(Conditioning) is { } conditioning)
        {
            string value = conditioning switch
            {
                "puzzle-id" or "puzzle_id" => "puzzle_id",
                "context" => "context",
                _ => throw new HrmException($"--conditioning: unknown value '{conditioning}'; use puzzle-id or context"),
            };
            yield return $"data.conditioning={value}";
            yield return $"model.conditioning={value}";
            if (value == "context") yield return "model.puzzle_emb_ndim=0";
        }
        if (parse.GetValue(Layout) is { } layout)
            yield return "data.context_layout=" + OptionValue.Name(OptionValue.Parse<ContextLayout>(layout, "--layout"));
        if (parse.GetValue(Pos) is { } pos)
            yield return "model.pos_encodings=" + OptionValue.Name(PosEncodingOf(pos));
        if (parse.GetValue(Steps) is { } steps) yield return $"steps={steps}";
        if (parse.GetValue(Init) is { } init) yield return $"init_from={init}";
        if (parse.GetValue(Minutes) is { } minutes) yield return $"minutes={minutes.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>A <c>--pos</c> value: rope1d (or rope), rope2d or learned.</summary>
    public static PosEncoding PosEncodingOf(string value) => value switch
    {
        "rope1d" or "rope" => PosEncoding.Rope,
        "rope2d" => PosEncoding.Rope2d,
        "learned" => PosEncoding.Learned,
        _ => throw new HrmException($"--pos: unknown value '{value}'; use rope1d, rope2d or learned"),
    };

    /// <summary>Preset (or <paramref name="fallback"/> when no --preset was given) with every override applied (not validated).</summary>
    public TrainConfig Build(ParseResult parse, TrainConfig? fallback = null)
    {
        var preset = parse.GetValue(Preset);
        var config = preset is null && fallback is not null ? fallback : Presets.Load(preset ?? Presets.Default);
        return ConfigOverrides.Apply(config, [.. parse.GetValue(Set) ?? [], .. FlagAssignments(parse)]);
    }
}
