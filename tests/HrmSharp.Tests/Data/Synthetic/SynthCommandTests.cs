using System.Text.Json;
using HrmSharp.Cli;
using HrmSharp.Data;
using HrmSharp.Data.Synthetic;

namespace HrmSharp.Tests.Data.Synthetic;

/// <summary>`hrm data synth` run in-process through <see cref="CliApp.Run"/>.</summary>
public sealed class SynthCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hrm-synth-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Exit, RecordingReporter Reporter) Run(params string[] args)
    {
        var reporter = new RecordingReporter();
        int exit = CliApp.Run(args, new CliContext(reporter, TextWriter.Null, TextWriter.Null));
        return (exit, reporter);
    }

    [Fact]
    public void ListPrintsEveryFamilyWithItsCategory()
    {
        var (exit, r) = Run("data", "synth", "--list");
        Assert.Equal(CliApp.Ok, exit);
        foreach (var f in FamilyCatalog.All)
            Assert.Contains(r.Infos, line => line.StartsWith(f.Name + " ", StringComparison.Ordinal) && line.Contains(f.Category.ToString().ToLowerInvariant()));
        Assert.Contains($"{FamilyCatalog.All.Count} families", r.Infos);
    }

    [Fact]
    public void WritesArcTaskFilesAndAManifestWithoutHeldOutFamilies()
    {
        string dir = Path.Combine(_root, "out");
        var (exit, r) = Run("data", "synth", "--tasks", "60", "--seed", "7", "--max-size", "10", "--holdout", "gravity,patterns", "--out", dir);
        Assert.Equal(CliApp.Ok, exit);
        Assert.Empty(r.Errors);
        Assert.Equal([("synth", 60.0)], r.Bars);
        Assert.Equal(60, r.ProgressDone);

        var files = Directory.GetFiles(dir, "*.json").Where(f => Path.GetFileName(f) != "families.manifest").ToList();
        Assert.Equal(60, files.Count);
        var heldOut = FamilyCatalog.All.Where(f => f.Name == "gravity" || f.Category == FamilyCategory.Patterns).Select(f => f.Name).ToHashSet();
        foreach (var file in files)
        {
            string id = Path.GetFileNameWithoutExtension(file);
            string family = id[..id.LastIndexOf('-')];
            Assert.DoesNotContain(family, heldOut);
            Assert.Contains(family, FamilyCatalog.Names);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var train = doc.RootElement.GetProperty("train");
            Assert.InRange(train.GetArrayLength(), 2, 5);
            Assert.InRange(doc.RootElement.GetProperty("test").GetArrayLength(), 1, 2);
            foreach (var pair in train.EnumerateArray().Concat(doc.RootElement.GetProperty("test").EnumerateArray()))
                foreach (var name in new[] { "input", "output" })
                {
                    var g = Grid.FromRows(pair.GetProperty(name).EnumerateArray()
                        .Select(row => (IReadOnlyList<int>)row.EnumerateArray().Select(v => v.GetInt32()).ToList()).ToList());
                    Assert.True(g.Rows <= 10 && g.Cols <= 10, $"{id} has a {g.Rows}x{g.Cols} grid");
                }
        }

        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "families.manifest")));
        var used = manifest.RootElement.GetProperty("families").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        var held = manifest.RootElement.GetProperty("heldOut").EnumerateArray().Select(f => f.GetString()!).ToHashSet();
        Assert.True(heldOut.SetEquals(held));
        Assert.Equal(FamilyCatalog.Names.Except(heldOut), used);
        Assert.Equal(60, manifest.RootElement.GetProperty("families").EnumerateArray().Sum(f => f.GetProperty("tasks").GetInt32()));
        Assert.Equal(7, manifest.RootElement.GetProperty("seed").GetInt32());
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));
    }

    [Fact]
    public void OutputIsTheSameForAnyThreadCount()
    {
        string one = Path.Combine(_root, "one"), two = Path.Combine(_root, "two");
        Assert.Equal(CliApp.Ok, Run("data", "synth", "--tasks", "90", "--seed", "3", "--threads", "1", "--out", one).Exit);
        Assert.Equal(CliApp.Ok, Run("data", "synth", "--tasks", "90", "--seed", "3", "--threads", "2", "--out", two).Exit);
        var names = Directory.GetFiles(one).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(names, Directory.GetFiles(two).Select(Path.GetFileName).Order());
        foreach (var name in names)
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, name!)), File.ReadAllBytes(Path.Combine(two, name!)));
    }

    [Fact]
    public void BenchWritesNothingAndReportsASpeed()
    {
        var (exit, r) = Run("data", "synth", "--tasks", "200", "--bench");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains(r.Infos, line => line.Contains("tasks/s") && line.Contains("in memory"));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Theory]
    [InlineData("unknown task family: nope", "--families", "gravity,nope")]
    [InlineData("unknown task family: grvity", "--holdout", "grvity")]
    [InlineData("--tasks must be at least 1", "--tasks", "0")]
    [InlineData("--max-size must be 3..30", "--max-size", "31")]
    [InlineData("--max-size must be 3..30", "--max-size", "2")]
    [InlineData("no families left", "--families", "gravity", "--holdout", "objects")]
    public void BadInputExitsWithCode2AndAClearMessage(string message, params string[] args)
    {
        var (exit, r) = Run(["data", "synth", "--out", Path.Combine(_root, "bad"), .. args]);
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Contains(r.Errors, e => e.Contains(message));
        Assert.False(Directory.Exists(Path.Combine(_root, "bad")));
    }

    [Fact]
    public void UnknownFamilyErrorListsTheValidNames()
    {
        var (_, r) = Run("data", "synth", "--families", "nope", "--bench");
        Assert.Contains(r.Errors, e => e.Contains("Valid names:") && e.Contains("rotate-90"));
    }

    [Fact]
    public void MissingOutAndANonEmptyFolderAreErrors()
    {
        Assert.Contains(Run("data", "synth", "--tasks", "5").Reporter.Errors, e => e.Contains("--out DIR is required"));

        string dir = Path.Combine(_root, "full");
        Assert.Equal(CliApp.Ok, Run("data", "synth", "--tasks", "5", "--out", dir).Exit);
        var (exit, r) = Run("data", "synth", "--tasks", "5", "--out", dir);
        Assert.Equal(CliApp.BadInput, exit);
        Assert.Contains(r.Errors, e => e.Contains("already holds .json files"));
        Assert.Equal(CliApp.Ok, Run("data", "synth", "--tasks", "5", "--out", dir, "--overwrite").Exit);
    }

    [Fact]
    public void FamiliesTooBigForTheMaxSizeAreSkippedWithAWarning()
    {
        var (exit, r) = Run("data", "synth", "--tasks", "20", "--max-size", "3", "--bench");
        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains(r.Warnings, w => w.Contains("scale-up (needs 4)"));
    }
}
