using System.Text.Json;
using HrmSharp.Data;
using HrmSharp.IO;

namespace HrmSharp.Tests.Data;

public class WriterTests
{
    [Fact]
    public void TaskJsonRoundTripsThroughTheLoader()
    {
        var rng = new Random(1);
        using var dir = new TempDir();
        var tasks = Enumerable.Range(0, 20).Select(i => TestTasks.RandomTask(rng, $"task{i:D2}", testOutputs: i % 2 == 0)).ToList();
        foreach (var t in tasks) TaskJsonWriter.WriteToFolder(dir.Path, t);

        var loaded = TaskLoader.Load(dir.Path);

        Assert.Equal(tasks.Count, loaded.Count);
        foreach (var (a, b) in tasks.Zip(loaded)) Assert.True(TestTasks.SameContent(a, b), a.Id);
    }

    [Fact]
    public void TaskJsonHasTheArcShape()
    {
        var task = new ArcTask("t", [new Pair(Grid.FromRows([1, 2], [3, 4]), Grid.FromRows([5]))], [new Pair(Grid.FromRows([6]), null)]);

        using var doc = JsonDocument.Parse(TaskJsonWriter.ToJson(task));

        var train = doc.RootElement.GetProperty("train");
        Assert.Equal("[[1,2],[3,4]]", Compact(train[0].GetProperty("input")));
        Assert.Equal("[[5]]", Compact(train[0].GetProperty("output")));
        var test = doc.RootElement.GetProperty("test")[0];
        Assert.Equal("[[6]]", Compact(test.GetProperty("input")));
        Assert.False(test.TryGetProperty("output", out _)); // unknown outputs are left out, not written as null
    }

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    [Fact]
    public void SubmissionRoundTrips()
    {
        var rng = new Random(2);
        var submission = new Submission(Enumerable.Range(0, 5).Select(i =>
            new KeyValuePair<string, IReadOnlyList<SubmissionAttempts>>($"id{4 - i}",
                Enumerable.Range(0, 1 + i % 2).Select(_ => new SubmissionAttempts(TestTasks.RandomGrid(rng), TestTasks.RandomGrid(rng))).ToArray())));
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "submission.json");

        SubmissionWriter.Write(path, submission);
        var read = SubmissionReader.Read(path);

        Assert.True(submission.ContentEquals(read));
        Assert.Equal(["id0", "id1", "id2", "id3", "id4"], read.TaskIds);
        Assert.Equal(2, read["id3"].Count);
    }

    [Fact]
    public void SubmissionJsonHasThePrizeShape()
    {
        var submission = new Submission([new("abc", [new SubmissionAttempts(Grid.FromRows([1, 2]), Grid.FromRows([3], [4]))])]);

        string json = System.Text.Encoding.UTF8.GetString(SubmissionWriter.ToUtf8(submission));

        Assert.Equal("""{"abc":[{"attempt_1":[[1,2]],"attempt_2":[[3],[4]]}]}""", json);
    }

    [Fact]
    public void SubmissionReaderReportsEveryProblem()
    {
        string json = """{"a": [{"attempt_1": [[1]], "attempt_2": [[1, 2], [3]]}], "b": [{"attempt_1": [[1]]}], "c": []""" +
                      """, "d": [{"attempt_1": [[1]], "attempt_2": [[1]], "attempt_3": [[1]]}]}""";

        var ex = Assert.Throws<HrmException>(() => SubmissionReader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "sub.json"));

        Assert.Equal(
            ["sub.json: task a, test[0].attempt_2 row 1: 1 cell but row 0 has 2 (ragged grid)",
             "sub.json: task b, test[0]: missing \"attempt_2\"",
             "sub.json: task c: no attempts (empty list)",
             "sub.json: task d, test[0]: unknown key \"attempt_3\" (expected \"attempt_1\", \"attempt_2\")"],
            ex.Problems);
    }

    [Fact]
    public void AtomicWriteReplacesTheFileAndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "sub", "f.txt");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second é");
        AtomicFile.WriteAllBytes(Path.Combine(dir.Path, "b.bin"), [1, 2, 3]);

        Assert.Equal("second é", File.ReadAllText(path));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(dir.Path, "b.bin")));
        Assert.Equal(["f.txt"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("second é"), File.ReadAllBytes(path)); // no byte-order mark
    }
}
