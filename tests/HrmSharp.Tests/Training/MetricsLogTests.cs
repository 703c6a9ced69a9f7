using System.Text.Json.Nodes;
using HrmSharp.Reporting;
using HrmSharp.Training;

namespace HrmSharp.Tests.Training;

public sealed class MetricsLogTests
{
    [Fact]
    public void StepsWhereNoSequenceFinishedLogNullRatesThatPlotsSkip()
    {
        using var dir = new TempDir();
        string path = dir.File("metrics.jsonl");
        using (var log = new MetricsLog(path))
        {
            log.Train(new StepMetrics { Step = 1, Loss = 2, Accuracy = 0.5, ExactAccuracy = 0.25, QHaltAccuracy = 0.75, Steps = 3, Count = 4 });
            log.Train(new StepMetrics { Step = 2, Loss = 1.5, Count = 0 });
        }

        var lines = File.ReadAllLines(path).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(0.5, lines[0]["accuracy"]!.GetValue<double>());
        foreach (var key in new[] { "accuracy", "exact_accuracy", "q_halt_accuracy", "steps" })
        {
            Assert.True(lines[1].ContainsKey(key), key);
            Assert.Null(lines[1][key]);
        }
        Assert.Equal(1.5, lines[1]["loss"]!.GetValue<double>());

        var metrics = MetricsReader.Read(path);
        Assert.Equal([1L], metrics.Series.Single(s => s.Name == "accuracy" && !s.Eval).Points.Select(p => p.Step));
        Assert.Equal([1L, 2L], metrics.Series.Single(s => s.Name == "loss" && !s.Eval).Points.Select(p => p.Step));
    }
}
