using HrmSharp.Augmentation;
using HrmSharp.Encoding;

namespace HrmSharp.Tests.Encoding;

public class PuzzleIdTableTests
{
    private static readonly TaskAugmentation A = TaskAugmentation.Parse("d3.c0712345896");
    private static readonly TaskAugmentation B = TaskAugmentation.Parse("d5.c0987654321");

    private static PuzzleIdTable Sample() => PuzzleIdTable.Build(
    [
        ("zeta", [TaskAugmentation.Identity, A]),
        ("alpha", [TaskAugmentation.Identity, B, A]),
        ("Beta", [TaskAugmentation.Identity]),
    ]);

    [Fact]
    public void NumbersTasksInOrdinalOrderThenAugmentationsInGivenOrder()
    {
        var t = Sample();
        // Ordinal: "Beta" < "alpha" < "zeta" (upper case sorts first).
        Assert.Equal(7, t.Count);
        Assert.Equal(1, t.GetId("Beta", TaskAugmentation.Identity));
        Assert.Equal(2, t.GetId("alpha", TaskAugmentation.Identity));
        Assert.Equal(3, t.GetId("alpha", B));
        Assert.Equal(4, t.GetId("alpha", A));
        Assert.Equal(5, t.GetId("zeta", TaskAugmentation.Identity));
        Assert.Equal(6, t.GetId("zeta", A));
        for (int id = 1; id < t.Count; id++) Assert.Equal(id, t.GetId(t[id].TaskId, t[id].Augmentation));
        Assert.False(t.TryGetId("zeta", B, out _));
        Assert.Throws<KeyNotFoundException>(() => t.GetId("nope", A));
        Assert.Throws<ArgumentOutOfRangeException>(() => t[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => t[7]);
    }

    [Fact]
    public void DoesNotDependOnInputOrder()
    {
        var shuffled = PuzzleIdTable.Build(
        [
            ("Beta", [TaskAugmentation.Identity]),
            ("zeta", [TaskAugmentation.Identity, A]),
            ("alpha", [TaskAugmentation.Identity, B, A]),
        ]);
        Assert.Equal(Sample(), shuffled);
    }

    [Fact]
    public void JsonRoundTripsAndFileWriteIsReadBack()
    {
        var t = Sample();
        var back = PuzzleIdTable.FromJson(t.ToJson());
        Assert.Equal(t, back);
        Assert.Equal(4, back.GetId("alpha", A));

        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "ids.json");
        t.Write(path);
        Assert.Equal(t, PuzzleIdTable.Read(path));
        Assert.Equal(1, PuzzleIdTable.FromJson(PuzzleIdTable.BlankOnly.ToJson()).Count);
    }

    [Fact]
    public void MalformedJsonIsABadInputError()
    {
        static string Problem(string json) => Assert.Throws<HrmException>(() => PuzzleIdTable.FromJson(json, "ckpt/ids.json")).Message;

        Assert.Contains("ckpt/ids.json: invalid JSON at line 1", Problem("{"));
        Assert.Contains("not a puzzle identifier table", Problem("""{"format": "other", "version": 1, "identifiers": [null]}"""));
        Assert.Contains("unsupported version", Problem("""{"format": "hrmsharp.puzzle-ids", "version": 2, "identifiers": [null]}"""));
        Assert.Contains("entry 0 (the blank) is null", Problem("""{"format": "hrmsharp.puzzle-ids", "version": 1, "identifiers": [["a", "d0.c0123456789"]]}"""));
        Assert.Contains("identifier 2 is not [task id, augmentation",
            Problem("""{"format": "hrmsharp.puzzle-ids", "version": 1, "identifiers": [null, ["a", "d0.c0123456789"], ["a", "d9.c0123456789"]]}"""));
        Assert.Contains("task a lists augmentation d0.c0123456789 twice",
            Problem("""{"format": "hrmsharp.puzzle-ids", "version": 1, "identifiers": [null, ["a", "d0.c0123456789"], ["a", "d0.c0123456789"]]}"""));
        Assert.Throws<ArgumentException>(() => PuzzleIdTable.Build([("a", [A]), ("a", [B])]));
    }
}
