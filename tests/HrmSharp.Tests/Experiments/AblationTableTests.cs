using HrmSharp.Experiments;
using HrmSharp.Modeling;
using HrmSharp.Tests.Training;
using HrmSharp.Training;

namespace HrmSharp.Tests.Experiments;

public sealed class AblationTableTests
{
    private static readonly AblationPlan Plan = AblationPlan.Parse(["model.core=hrm,trm", "eval.segments=1,4"], TinyRuns.Synthetic());

    private static AblationRow Row(string core, string segments, double exact, double token) =>
        new(new AblationPoint([("model.core", core)]), new AblationPoint([("eval.segments", segments)]), 120, 2.5, 1.23456,
            new Dictionary<string, double> { ["exact_accuracy"] = exact, ["token_accuracy"] = token, ["examples"] = 12 }, 54321);

    [Fact]
    public void MetricsFollowTheKindOfRun()
    {
        var arc = TinyRuns.Synthetic() with { Data = new DataConfig { Kind = DataKind.Arc } };
        Assert.Equal(["exact", "token_acc"], AblationMetric.For(TinyRuns.Synthetic()).Select(m => m.Column));
        Assert.Equal(["pass@2", "pass@1", "token_acc"], AblationMetric.For(arc).Select(m => m.Column));
        Assert.Equal(["eval_pass@2", "eval_exact_accuracy", "eval_size_accuracy", "eval_colour_accuracy", "eval_token_accuracy"],
            AblationMetric.For(arc with { Data = arc.Data with { Conditioning = Conditioning.Context } }).Select(m => m.SummaryKey));
    }

    [Fact]
    public void CsvHasOneColumnPerKeyThenBudgetMetricsAndParams()
    {
        var metrics = AblationMetric.For(TinyRuns.Synthetic());
        var csv = AblationTable.Csv(Plan, metrics, [Row("hrm", "1", 0.25, 0.5), Row("trm", "4", 1.0 / 3, 0.75)]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("model.core,eval.segments,steps,train_minutes,final_loss,exact,token_acc,params", csv[0].TrimEnd('\r'));
        Assert.Equal("hrm,1,120,2.5,1.2346,0.25,0.5,54321", csv[1].TrimEnd('\r'));
        Assert.Equal("trm,4,120,2.5,1.2346,0.333333,0.75,54321", csv[2].TrimEnd('\r'));
    }

    [Fact]
    public void MarkdownShowsPercentagesAndMarksMissingMetrics()
    {
        var metrics = AblationMetric.For(TinyRuns.Synthetic());
        var partial = Row("trm", "4", 0.5, 0.5) with { FinalLoss = null, Metrics = new Dictionary<string, double> { ["exact_accuracy"] = 0.5 } };
        var md = AblationTable.Markdown("T", ["note"], Plan, metrics, [Row("hrm", "1", 0.25, 0.875), partial]).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("# T", md[0]);
        Assert.Contains("| model.core | eval.segments | steps | train_minutes | final_loss | exact | token_acc | params |", md);
        Assert.Contains("| hrm | 1 | 120 | 2.5 | 1.235 | 25.0% | 87.5% | 54,321 |", md);
        Assert.Contains("| trm | 4 | 120 | 2.5 | – | 50.0% | – | 54,321 |", md);
    }
}
