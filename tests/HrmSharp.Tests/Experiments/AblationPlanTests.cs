using HrmSharp.Experiments;
using HrmSharp.Tests.Training;
using HrmSharp.Training;

namespace HrmSharp.Tests.Experiments;

public sealed class AblationPlanTests
{
    private static readonly TrainConfig Base = TinyRuns.Synthetic(steps: 2);

    [Fact]
    public void TrainingAndEvaluationAxesSplitIntoRunsAndEvaluations()
    {
        var plan = AblationPlan.Parse(["model.halt_max_steps=1,2,4", "eval.segments= 1 , 8"], Base);
        Assert.Equal(["model.halt_max_steps", "eval.segments"], plan.Axes.Select(a => a.Key));
        Assert.Equal(["model.halt_max_steps=1", "model.halt_max_steps=2", "model.halt_max_steps=4"], plan.Runs.Select(r => r.FolderName));
        Assert.Equal(["eval.segments=1", "eval.segments=8"], plan.Evaluations.Select(e => e.FolderName));
        var config = AblationPlan.ConfigFor(Base, plan.Runs[2]);
        Assert.Equal(4, config.Model.HaltMaxSteps);
        Assert.Equal(Base with { Model = Base.Model with { HaltMaxSteps = 4 } }, config);
    }

    [Fact]
    public void TwoTrainingAxesMakeAGridWithTheFirstVaryingSlowest()
    {
        var plan = AblationPlan.Parse(["model.core=hrm,trm", "model.H_cycles=1,2"], Base);
        Assert.Equal(["model.core=hrm,model.H_cycles=1", "model.core=hrm,model.H_cycles=2", "model.core=trm,model.H_cycles=1", "model.core=trm,model.H_cycles=2"],
            plan.Runs.Select(r => r.FolderName));
        Assert.Equal(["run-less"], plan.Evaluations.Select(e => e.Settings.Count == 0 ? "run-less" : e.FolderName));
        Assert.Equal("trm", plan.Runs[3].ValueOf("model.core"));
    }

    [Fact]
    public void FolderNamesReplaceCharactersThatAreUnsafeInAPath()
    {
        var point = new AblationPoint([("data.path", "../a b/c;d")]);
        Assert.Equal("data.path=.._a_b_c_d", point.FolderName);
        Assert.Equal("run", AblationPoint.Empty.FolderName);
    }

    [Theory]
    [InlineData("model.hiden=1,2", "--vary model.hiden: unknown key 'hiden' in model")]
    [InlineData("model.H_cycles=", "--vary model.H_cycles: no values")]
    [InlineData("model.H_cycles", "--vary model.H_cycles: expected KEY=v1,v2,...")]
    [InlineData("model.H_cycles=1,,2", "an empty value between commas")]
    [InlineData("model.H_cycles=1,2,1", "the value '1' is listed twice")]
    [InlineData("model.H_cycles=1,two", "--vary model.H_cycles=two: expected an integer")]
    [InlineData("model.H_cycles=1,0", "--vary model.H_cycles=0: model.H_cycles must be at least 1, got 0")]
    [InlineData("model.core=hrm,gpt", "--vary model.core=gpt:")]
    [InlineData("eval.segments=0", "--vary eval.segments=0: expected a whole number of at least 1")]
    [InlineData("eval.views=1,2", "--vary eval.views: augmented views vote only on ARC data")]
    [InlineData("eval.steps=1", "--vary eval.steps: unknown evaluation knob (known: eval.segments, eval.views)")]
    [InlineData("model=1", "'model' is a section")]
    public void BadInputIsOneClearMessage(string vary, string message)
    {
        var ex = Assert.Throws<HrmException>(() => AblationPlan.Parse([vary], Base));
        Assert.Single(ex.Problems);
        Assert.Contains(message, ex.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void AxisCountAndRepeatsAreChecked()
    {
        Assert.Contains("give what to vary", Assert.Throws<HrmException>(() => AblationPlan.Parse([], Base)).Message);
        Assert.Contains("at most 2 keys", Assert.Throws<HrmException>(() => AblationPlan.Parse(["model.H_cycles=1", "model.L_cycles=1", "seed=1"], Base)).Message);
        Assert.Contains("given twice", Assert.Throws<HrmException>(() => AblationPlan.Parse(["model.H_cycles=1", "model.H_cycles=2"], Base)).Message);
    }

    [Fact]
    public void AWalkAddsOneIngredientPerRunOnTopOfAllTheOnesBefore()
    {
        var plan = AblationPlan.Walk(["control:", "stablemax: model.loss_type=stablemax_cross_entropy", "atan2:optimizer.name=adam_atan2; optimizer.lr_min_ratio=1"],
            ["eval.segments=1,2"], Base);
        Assert.Equal(["walk", "eval.segments"], plan.Axes.Select(a => a.Key));
        Assert.Equal(["walk=00-control", "walk=01-stablemax", "walk=02-atan2"], plan.Runs.Select(r => r.FolderName));
        Assert.Equal(Base, plan.RunConfig(Base, plan.Runs[0]));
        var last = plan.RunConfig(Base, plan.Runs[2]);
        Assert.Equal(HrmSharp.Modeling.LossType.StablemaxCrossEntropy, last.Model.LossType);
        Assert.Equal((OptimizerConfig.AdamAtan2Name, 1.0), (last.Optimizer.Name, last.Optimizer.LrMinRatio));
        Assert.Equal(HrmSharp.Modeling.LossType.StablemaxCrossEntropy, plan.RunConfig(Base, plan.Runs[1]).Model.LossType);
        Assert.Equal(Base.Optimizer.Name, plan.RunConfig(Base, plan.Runs[1]).Optimizer.Name);
    }

    [Theory]
    [InlineData(new[] { "control:" }, "at least two arms")]
    [InlineData(new[] { "control:", "model.norm=pre" }, "expected LABEL:key=value")]
    [InlineData(new[] { "control:", "pre:model.norm" }, "'model.norm' is not key=value")]
    [InlineData(new[] { "control:", "pre:model.norm=middle" }, "--walk 01-pre")]
    [InlineData(new[] { "control:", "clip:optimizer.grad_clip=-1" }, "optimizer.grad_clip must be positive")]
    public void ABadWalkFailsBeforeAnythingTrains(string[] arms, string message)
    {
        var ex = Assert.Throws<HrmException>(() => AblationPlan.Walk(arms, [], Base));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWalkTakesOnlyEvaluationKnobsBesideIt() =>
        Assert.Contains("only with evaluation knobs",
            Assert.Throws<HrmException>(() => AblationPlan.Walk(["a:", "b:seed=2"], ["model.H_cycles=1,2"], Base)).Message, StringComparison.Ordinal);
}
