using System.Text.Json.Nodes;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

/// <summary>
/// data.synthetic_holdout is a comma string now; checkpoints from before stored a JSON array and must still load
/// (`hrm eval --checkpoint` on an older run failed with "The JSON value could not be converted to System.String").
/// </summary>
public sealed class SyntheticHoldoutCompatibilityTests
{
    private static TrainConfig WithHoldout(JsonNode? value)
    {
        var node = new TrainConfig().ToNode();
        node["data"]!.AsObject()["synthetic_holdout"] = value;
        return TrainConfig.FromNode(JsonNode.Parse(node.ToJsonString())!.AsObject(), "old checkpoint config");
    }

    [Fact]
    public void AnArrayReadsAsTheCommaJoinedString()
    {
        Assert.Equal("rotate-90,geometry", WithHoldout(new JsonArray("rotate-90", "geometry")).Data.SyntheticHoldout);
        Assert.Equal("", WithHoldout(new JsonArray()).Data.SyntheticHoldout);
        Assert.Equal("flip-vertical", WithHoldout(new JsonArray("flip-vertical")).Data.SyntheticHoldout);
    }

    [Fact]
    public void TheStringFormStillReadsAndIsWhatIsWritten()
    {
        var config = WithHoldout(JsonValue.Create("colour,transpose"));
        Assert.Equal("colour,transpose", config.Data.SyntheticHoldout);
        var written = config.ToNode()["data"]!["synthetic_holdout"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.String, written.GetValueKind());
        Assert.Equal("colour,transpose", written.GetValue<string>());
        // Round trip: an array-era config re-saved is a string-era config with the same meaning.
        var resaved = TrainConfig.Parse(WithHoldout(new JsonArray("a", "b")).ToJson(), "resaved");
        Assert.Equal("a,b", resaved.Data.SyntheticHoldout);
    }

    [Fact]
    public void SetStillWritesTheField()
    {
        var config = ConfigOverrides.Apply(new TrainConfig(), ["data.synthetic_holdout=rotate-90,objects"]);
        Assert.Equal("rotate-90,objects", config.Data.SyntheticHoldout);
    }

    [Fact]
    public void OtherShapesAreAClearError()
    {
        var ex = Assert.Throws<HrmException>(() => WithHoldout(JsonValue.Create(3)));
        Assert.Contains("data.synthetic_holdout", ex.Message);
        Assert.Contains("comma-separated string or an array of strings", ex.Message);
        ex = Assert.Throws<HrmException>(() => WithHoldout(new JsonArray(1, 2)));
        Assert.Contains("array of strings", ex.Message);
    }
}
