using HrmSharp.IO;
using HrmSharp.Modeling;
using static TorchSharp.torch;

namespace HrmSharp.Training;

/// <summary>
/// The ACT carry and the exploration RNG in a checkpoint's state.safetensors: carry/z_H, z_L, steps, halted, inputs,
/// labels, puzzle_identifiers and rng/exploration. In context the carry's batch is not stored but rebuilt from the
/// episode (a batch is a function of its episode), and at an episode boundary no carry is needed at all.
/// </summary>
internal static class CheckpointCarry
{
    public const string StateFile = Checkpoint.StateFile;

    public static IEnumerable<KeyValuePair<string, Tensor>> StateTensors(Trainer trainer, ActCarry? carry)
    {
        if (carry is { } c)
        {
            yield return new("carry/z_H", c.ZH);
            yield return new("carry/z_L", c.ZL);
            yield return new("carry/steps", c.Steps);
            yield return new("carry/halted", c.Halted);
            yield return new("carry/inputs", c.CurrentData.Inputs);
            yield return new("carry/labels", c.CurrentData.Labels);
            yield return new("carry/puzzle_identifiers", c.CurrentData.PuzzleIdentifiers);
        }
        yield return new("rng/exploration", trainer.Model.ExplorationRng.get_state());
    }

    public static ActCarry? Restore(CheckpointInfo info, SafetensorsFile state, Trainer trainer)
    {
        if (!state.Contains("carry/z_H"))
            return info.Step == 0 ? null : throw new HrmException($"{info.Name}/{StateFile}: missing tensor 'carry/z_H' (the ACT carry is needed to resume exactly)");
        var m = trainer.Config.Model;
        long b = trainer.Config.BatchSize;
        long[] states = [b, m.TotalSeqLen, m.HiddenSize], rows = [b], tokens = [b, m.SeqLen];
        var device = trainer.Device;
        ActBatch? episodeBatch = null;
        if (trainer.Data.Train.Episodic)
        {
            // At an episode boundary the next step starts a fresh carry on a new batch (of another shape): the saved
            // carry belongs to the finished episode and is not needed.
            if (trainer.Episodes.Starts(info.Step))
                return null;
            // In context the carry's example is always its episode's batch (rows that halt restart on it): rebuild it.
            episodeBatch = trainer.Data.Train.Batch(trainer.Episodes.Of(info.Step), (int)b, device);
            b = episodeBatch.BatchSize;
            long l = episodeBatch.Inputs.shape[1];
            (states, rows, tokens) = ([b, l + m.PuzzleTokens, m.HiddenSize], [b], [b, l]);
        }
        Tensor Take(string name, long[] shape, ScalarType dtype)
        {
            var t = state[name];
            if (!t.shape.SequenceEqual(shape) || t.dtype != dtype)
                throw new HrmException($"{info.Name}/{StateFile}: tensor '{name}' is {t.dtype} [{string.Join(", ", t.shape)}] " +
                                       $"but this run expects {dtype} [{string.Join(", ", shape)}]");
            return state.Take(name).to(device, disposeAfter: true).DetachFromDisposeScope();
        }
        var zH = Take("carry/z_H", states, m.ComputeType);
        var zL = Take("carry/z_L", states, m.ComputeType);
        var steps = Take("carry/steps", rows, ScalarType.Int32);
        var halted = Take("carry/halted", rows, ScalarType.Bool);
        if (episodeBatch is not null)
            return new ActCarry(zH, zL, steps, halted, episodeBatch);
        var data = new ActBatch(Take("carry/inputs", tokens, ScalarType.Int32), Take("carry/labels", tokens, ScalarType.Int32),
            Take("carry/puzzle_identifiers", rows, ScalarType.Int32));
        return new ActCarry(zH, zL, steps, halted, data);
    }

    public static Tensor Expect(CheckpointInfo info, SafetensorsFile file, string name, Tensor like)
    {
        if (!file.Contains(name))
            throw new HrmException($"{info.Name}/{StateFile}: missing tensor '{name}'");
        var t = file[name];
        if (!t.shape.SequenceEqual(like.shape) || t.dtype != like.dtype)
            throw new HrmException($"{info.Name}/{StateFile}: tensor '{name}' is {t.dtype} [{string.Join(", ", t.shape)}], " +
                                   $"expected {like.dtype} [{string.Join(", ", like.shape)}]");
        return t;
    }
}
