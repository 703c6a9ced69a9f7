using System.IO.Compression;
using HrmSharp.Augmentation;
using HrmSharp.Encoding;
using HrmSharp.IO;
using HrmSharp.Modeling;
using HrmSharp.Tests.Parity;
using HrmSharp.Training;
using Xunit.Abstractions;

namespace HrmSharp.Tests.Training;

/// <summary>
/// Fixtures/pytorch-checkpoint: a checkpoint written as the official pretrain.py writes one (torch.save of the
/// torch.compile'd ACTLossHead's state dict, all_config.yaml beside it) holding the HRM parity fixture's weights, so the
/// parity fixture's expected outputs must come out of the imported model.
/// </summary>
public sealed class CheckpointImportTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string FixtureDir = Path.Combine(TestPaths.Fixtures, "pytorch-checkpoint");
    private static string FixtureCheckpoint => Path.Combine(FixtureDir, "checkpoint");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Import(string checkpoint, string run, params string[] extra)
    {
        var (exit, rep) = RecordingReporter.Run(["import", checkpoint, "--out", run, "--seq-len", "16", .. extra]);
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        return run;
    }

    private static ActModel Load(string run) => Checkpoint.LoadModel(Checkpoint.ReadInfo(CheckpointFolders.Resolve(run)));

    [Fact]
    public void OfficialCheckpointImportsAndReproducesTheParityOutputs()
    {
        var run = Import(FixtureCheckpoint, _dir.File("run"));
        using var h = new ActParityHarness("hrm", CoreKind.Hrm);
        var info = Checkpoint.ReadInfo(CheckpointFolders.Resolve(run));
        Assert.Equal(h.Config.ToJson(), info.Config.Model.ToJson()); // every arch setting and data size came through
        Assert.NotNull(info.ImportedFrom);
        ActParityChecks.CompareEvalSteps(new ParityAssert(output), h, Load(run));
    }

    /// <summary>
    /// TRM: the parity fixture's weights saved the way TinyRecursiveModels' pretrain.py saves them (torch.compile and
    /// ACTLossHead prefixes), with its all_config.yaml arch section (arch/trm.yaml's keys, the fixture's values).
    /// </summary>
    [Fact]
    public void TrmCheckpointImportsAndReproducesTheParityOutputs()
    {
        using var h = new ActParityHarness("trm", CoreKind.Trm);
        Directory.CreateDirectory(_dir.File("trm"));
        PyTorchFile.Write(_dir.File("trm/step_100"), h.Fx.WithPrefix("param/").Select(kv => KeyValuePair.Create("_orig_mod.model." + kv.Key, kv.Value)));
        File.WriteAllText(_dir.File("trm/all_config.yaml"), """
            arch:
              name: recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1
              loss:
                name: losses@ACTLossHead
                loss_type: stablemax_cross_entropy
              halt_exploration_prob: 0.0
              halt_max_steps: 3
              H_cycles: 2
              L_cycles: 3
              H_layers: 0
              L_layers: 2
              hidden_size: 64
              num_heads: 2
              expansion: 4
              puzzle_emb_ndim: 64
              pos_encodings: rope
              forward_dtype: float32
              mlp_t: False
              puzzle_emb_len: 16
              no_ACT_continue: True
            seed: 0
            """);
        var run = Import(_dir.File("trm/step_100"), _dir.File("run"));
        Assert.Equal(h.Config.ToJson(), Checkpoint.ReadInfo(CheckpointFolders.Resolve(run)).Config.Model.ToJson());
        ActParityChecks.CompareEvalSteps(new ParityAssert(output), h, Load(run));
    }

    [Fact]
    public void ExportToPyTorchAndImportAgainIsBitExact()
    {
        var first = Import(FixtureCheckpoint, _dir.File("first"));
        var exported = _dir.File("out/step_7");
        var (exit, rep) = RecordingReporter.Run("export", "--checkpoint", first, "--pytorch", exported);
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        Assert.True(File.Exists(_dir.File("out/all_config.yaml"))); // the arch section the official code needs, written beside it
        var second = Import(exported, _dir.File("second"));

        using var a = Safetensors.Read(Path.Combine(CheckpointFolders.Resolve(first), Checkpoint.ModelFile));
        using var b = Safetensors.Read(Path.Combine(CheckpointFolders.Resolve(second), Checkpoint.ModelFile));
        Assert.Equal(a.Names, b.Names);
        foreach (var name in a.Names)
        {
            Assert.Equal(a[name].dtype, b[name].dtype);
            Assert.Equal(a[name].shape, b[name].shape);
            Assert.True(a[name].bytes.SequenceEqual(b[name].bytes), name);
        }
        Assert.EndsWith("checkpoint-0000007", CheckpointFolders.Resolve(second)); // the reference's step_N names the step
    }

    [Fact]
    public void SafetensorsWithReferenceNamesImportToo()
    {
        var first = Import(FixtureCheckpoint, _dir.File("first"));
        var st = _dir.File("st/weights.safetensors");
        Assert.Equal(0, RecordingReporter.Run("export", "--checkpoint", first, "--safetensors", st).Exit);
        File.Copy(Path.Combine(FixtureDir, "all_config.yaml"), _dir.File("st/all_config.yaml"));
        using var model = Load(Import(st, _dir.File("second")));
        using var reference = Load(first);
        foreach (var ((name, x), (_, y)) in ModelWeights.Named(model).Zip(ModelWeights.Named(reference)))
            Assert.True(x.bytes.SequenceEqual(y.bytes), name);
    }

    /// <summary>A run trained here, exported to PyTorch, imported back: `hrm eval` gives the same numbers on the same puzzles.</summary>
    [Fact]
    public void AnExportedAndReimportedRunEvaluatesIdentically()
    {
        var config = Training.TinyRuns.Synthetic(steps: 2) with
        {
            Data = new DataConfig { Kind = DataKind.Sudoku, TrainCount = 16, EvalCount = 4, Seed = 3 },
        };
        var preset = Training.TinyRuns.WritePreset(_dir.Path, config);
        var run = _dir.File("run");
        var (exit, rep) = RecordingReporter.Run("train", "--preset", preset, "--out", run);
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        var puzzles = _dir.File("puzzles.csv");
        Assert.Equal(0, RecordingReporter.Run("data", "sudoku", "--count", "6", "--out", puzzles, "--min-clues", "40", "--max-clues", "50", "--min-effort", "0").Exit);
        Assert.Equal(0, RecordingReporter.Run("export", "--checkpoint", run, "--pytorch", _dir.File("pt/step_2")).Exit);
        (exit, rep) = RecordingReporter.Run("import", _dir.File("pt/step_2"), "--out", _dir.File("imported"), "--seq-len", "81");
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));

        foreach (var (source, evalDir) in new[] { (run, _dir.File("eval-a")), (_dir.File("imported"), _dir.File("eval-b")) })
        {
            (exit, rep) = RecordingReporter.Run("eval", "--checkpoint", source, "--data", puzzles, "--out", evalDir);
            Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        }
        Assert.Equal(File.ReadAllText(_dir.File("eval-a/summary.json")), File.ReadAllText(_dir.File("eval-b/summary.json")));
    }

    /// <summary>
    /// ARC with puzzle identifiers: a run trained here, exported with the builder-form identifiers.json beside it, imported
    /// back and evaluated on the evaluation tasks alone gives the run's own numbers (every embedding row lined up).
    /// </summary>
    [Fact]
    public void AnArcPuzzleIdRunRoundTripsWithItsIdentifiers()
    {
        var (run, arc) = Training.TinyRuns.TrainArcPuzzleId(_dir.Path);
        var (exit, rep) = RecordingReporter.Run("export", "--checkpoint", run, "--pytorch", _dir.File("pt/step_2"));
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        var names = System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(_dir.File("pt/identifiers.json")))!;
        Assert.Equal("<blank>", names[0]);
        Assert.Contains("e0", names);
        Assert.Contains(names, n => System.Text.RegularExpressions.Regex.IsMatch(n, "^e0_t[0-7]_[0-9]{10}$"));

        (exit, rep) = RecordingReporter.Run("import", _dir.File("pt/step_2"), "--out", _dir.File("imported"), "--seq-len", "900",
            "--identifiers", _dir.File("pt/identifiers.json"));
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        var original = Checkpoint.ReadInfo(CheckpointFolders.Resolve(run));
        Assert.Equal(original.PuzzleIds, Checkpoint.ReadInfo(CheckpointFolders.Resolve(_dir.File("imported"))).PuzzleIds);

        var evaluation = Path.Combine(arc, "evaluation");
        foreach (var (source, evalDir) in new[] { (run, _dir.File("eval-a")), (_dir.File("imported"), _dir.File("eval-b")) })
        {
            (exit, rep) = RecordingReporter.Run("eval", "--checkpoint", source, "--data", evaluation, "--out", evalDir, "--views", "3");
            Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        }
        Assert.Equal(File.ReadAllText(_dir.File("eval-a/summary.json")), File.ReadAllText(_dir.File("eval-b/summary.json")));
        Assert.Equal(File.ReadAllText(_dir.File("eval-a/submission.json")), File.ReadAllText(_dir.File("eval-b/submission.json")));
    }

    [Fact]
    public void ReferenceIdentifierNamesBecomeTheTable()
    {
        var path = _dir.Write("ids/identifiers.json", """["<blank>", "aa11", "aa11_t1_0213456789", "bb22", "bb22_t7_0123456798"]""");
        var checkpoint = Variant("ids", (_, _) => { });
        var (exit, rep) = RecordingReporter.Run("import", checkpoint, "--out", _dir.File("run"), "--seq-len", "16", "--identifiers", path);
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        var ids = Checkpoint.ReadInfo(CheckpointFolders.Resolve(_dir.File("run"))).PuzzleIds!;
        Assert.Equal(5, ids.Count);
        Assert.Equal(new PuzzleIdEntry("aa11", TaskAugmentation.Identity), ids[1]);
        Assert.Equal(new PuzzleIdEntry("aa11", TaskAugmentation.Parse("d1.c0213456789")), ids[2]);
        Assert.Equal(new PuzzleIdEntry("bb22", TaskAugmentation.Parse("d7.c0123456798")), ids[4]);
        Assert.Equal(File.ReadAllText(path).Replace(" ", ""), ReferenceIdentifiers.ToJson(ids));

        foreach (var (json, error) in new[]
        {
            ("""["<blank>", "aa11", "bb22"]""", "identifiers.json: names 3 puzzle identifiers but checkpoint's puzzle embedding has 5 rows (a different dataset build?)"),
            ("""["<blank>", "aa11", "aa11_t1_0013456789", "b", "c"]""", "identifiers.json: entry 2 \"aa11_t1_0013456789\": 0013456789 is not a permutation of the colours 0-9"),
            ("""["aa11", "aa11", "b", "c", "d"]""", "identifiers.json: entry 0 must be \"<blank>\" (the reference builder's blank identifier)"),
            ("""["<blank>", "aa11", "aa11", "b", "c"]""", "identifiers.json: task aa11 lists augmentation d0.c0123456789 twice"),
            ("""{"a": 1}""", "identifiers.json: not a JSON list of identifier names"),
        })
        {
            File.WriteAllText(path, json);
            (exit, rep) = RecordingReporter.Run("import", checkpoint, "--out", _dir.File("bad-" + Guid.NewGuid().ToString("N")), "--seq-len", "16", "--identifiers", path);
            Assert.Equal(2, exit);
            Assert.StartsWith(error, Assert.Single(rep.Errors));
        }
    }

    [Fact]
    public void AnImportedRunCannotBeResumed()
    {
        var run = Import(FixtureCheckpoint, _dir.File("run"));
        var (exit, rep) = RecordingReporter.Run("train", "--out", run, "--resume", "--steps", "2");
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains("cannot be resumed"));
    }

    /// <summary>A copy of the fixture checkpoint with the config beside it, then changed by <paramref name="change"/>.</summary>
    private string Variant(string name, Action<string, string> change)
    {
        var folder = _dir.File(name);
        Directory.CreateDirectory(folder);
        var checkpoint = Path.Combine(folder, "checkpoint");
        var config = Path.Combine(folder, "all_config.yaml");
        File.Copy(FixtureCheckpoint, checkpoint);
        File.Copy(Path.Combine(FixtureDir, "all_config.yaml"), config);
        File.SetAttributes(checkpoint, FileAttributes.Normal);
        File.SetAttributes(config, FileAttributes.Normal);
        change(checkpoint, config);
        return checkpoint;
    }

    private (int Exit, RecordingReporter Rep) ImportVariant(string checkpoint) =>
        RecordingReporter.Run("import", checkpoint, "--out", _dir.File("run-" + Guid.NewGuid().ToString("N")), "--seq-len", "16");

    /// <summary>A torch.save-style zip whose data.pkl is <paramref name="pickle"/>.</summary>
    private static void WriteZip(string path, byte[] pickle)
    {
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var s = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open()) s.Write(pickle);
        using (var s = zip.CreateEntry("archive/version", CompressionLevel.NoCompression).Open()) s.Write("3\n"u8);
    }

    /// <summary>Pickle protocol 2: {key: value}, where <paramref name="value"/> is raw opcodes.</summary>
    private static byte[] DictPickle(string key, byte[] value)
    {
        var bytes = new List<byte> { 0x80, 2, (byte)'}' };
        bytes.AddRange(Unicode(key));
        bytes.AddRange(value);
        bytes.Add((byte)'s'); // SETITEM
        bytes.Add((byte)'.'); // STOP
        return [.. bytes];
    }

    private static byte[] Unicode(string s)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(s);
        return [(byte)'X', .. BitConverter.GetBytes(utf8.Length), .. utf8]; // BINUNICODE
    }

    private static byte[] Global(string module, string name) => [(byte)'c', .. System.Text.Encoding.ASCII.GetBytes($"{module}\n{name}\n")];

    [Fact]
    public void PickledCodeIsNeverRunAndNonTensorsAreRefused()
    {
        var marker = _dir.File("pwned");
        // {'inner.H_init': os.system('touch <marker>')}: what a malicious checkpoint would hold.
        var call = Variant("call", (ckpt, _) => WriteZip(ckpt,
            DictPickle("inner.H_init", [.. Global("os", "system"), .. Unicode($"touch {marker}"), 0x85, (byte)'R'])));
        var (exit, rep) = ImportVariant(call);
        Assert.Equal(2, exit);
        Assert.Contains(rep.Errors, e => e.Contains("checkpoint:") && e.Contains("os.system"));
        Assert.False(File.Exists(marker));

        // {'inner.H_init': some_module.Thing()} and {'inner.H_init': 5}
        var obj = Variant("object", (ckpt, _) => WriteZip(ckpt, DictPickle("inner.H_init", [.. Global("evil", "Thing"), (byte)')', (byte)'R'])));
        (exit, rep) = ImportVariant(obj);
        Assert.Equal(2, exit);
        Assert.Equal(["checkpoint: 'inner.H_init' holds a pickled evil.Thing object, not a tensor (only state dicts of tensors are read)"], rep.Errors);

        var number = Variant("number", (ckpt, _) => WriteZip(ckpt, DictPickle("inner.H_init", [(byte)'K', 5])));
        (exit, rep) = ImportVariant(number);
        Assert.Equal(2, exit);
        Assert.Contains("'inner.H_init' holds a Int32, not a tensor", Assert.Single(rep.Errors));
    }

    /// <summary>Imports a variant of the fixture (see <see cref="Variant"/>) that must be refused; returns the error lines.</summary>
    private List<string> Refused(string name, Action<string, string> change)
    {
        var (exit, rep) = ImportVariant(Variant(name, change));
        Assert.Equal(2, exit);
        return rep.Errors;
    }

    [Fact]
    public void TruncatedCorruptedAndLegacyFilesGiveOneClearError()
    {
        Assert.Contains("checkpoint: not a readable torch.save state dict (the zip archive is truncated or corrupted", Assert.Single(Refused("truncated", (ckpt, _) =>
        {
            var bytes = File.ReadAllBytes(ckpt);
            File.WriteAllBytes(ckpt, bytes[..(bytes.Length / 2)]);
        })));
        Assert.StartsWith("checkpoint: not a readable torch.save state dict (", Assert.Single(Refused("garbage", (ckpt, _) => WriteZip(ckpt, [0x80, 2, 0xff, 0xfe, 0x00]))));
        Assert.Contains("pre-1.6 PyTorch pickle", Assert.Single(Refused("legacy", (ckpt, _) => File.WriteAllBytes(ckpt, [0x80, 2, (byte)'}', (byte)'.']))));
        Assert.Equal(["checkpoint: not a PyTorch checkpoint (torch.save writes a zip archive)"], Refused("text", (ckpt, _) => File.WriteAllText(ckpt, "hello")));
    }

    [Fact]
    public void ConfigProblemsAreNamedByKey()
    {
        Assert.StartsWith("all_config.yaml: arch.name 'models.gpt@GPT' is not an architecture HrmSharp can import", Assert.Single(Refused("unknown", (_, config) =>
            File.WriteAllText(config, File.ReadAllText(config).Replace("hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1", "models.gpt@GPT")))));
        Assert.Equal(["all_config.yaml: arch.use_flash_dropout is not a setting HrmSharp implements"],
            Refused("extra", (_, config) => File.AppendAllText(config, "  use_flash_dropout: true\n")));
        Assert.Contains("all_config.yaml: not found", Assert.Single(Refused("missing", (_, config) => File.Delete(config))));

        // A config that disagrees with the weights: the strict load names every missing or misshaped tensor.
        Assert.Contains("checkpoint: missing tensor 'inner.H_level.layers.2.self_attn.qkv_proj.weight'",
            Refused("deeper", (_, config) => File.WriteAllText(config, File.ReadAllText(config).Replace("H_layers: 2", "H_layers: 3"))));
        Assert.Contains("checkpoint: tensor 'inner.H_level.layers.0.mlp.gate_up_proj.weight' has shape [512, 64] but the model expects [1024, 64]",
            Refused("wider", (_, config) => File.WriteAllText(config, File.ReadAllText(config).Replace("expansion: 4", "expansion: 8"))));
    }

    [Fact]
    public void TheSequenceLengthComesFromTheReferenceDatasetOrMustBeGiven()
    {
        var noData = Variant("nodata", (_, _) => { });
        var (exit, rep) = RecordingReporter.Run("import", noData, "--out", _dir.File("a"));
        Assert.Equal(2, exit);
        Assert.Contains("give --seq-len", Assert.Single(rep.Errors));

        var withData = Variant("withdata", (_, config) =>
        {
            File.AppendAllText(config, "data_path: data/tiny\n");
            _dir.Write("withdata/data/tiny/train/dataset.json", """{"seq_len": 16, "vocab_size": 12}""");
        });
        (exit, rep) = RecordingReporter.Run("import", withData, "--out", _dir.File("b"));
        Assert.True(exit == 0, string.Join("\n", rep.AllLines));
        Assert.Equal(16, Checkpoint.ReadInfo(CheckpointFolders.Resolve(_dir.File("b"))).Config.Model.SeqLen);
    }
}
