using HrmSharp.Distributed;
using HrmSharp.IO;
using HrmSharp.Training.Data;

namespace HrmSharp.Training;

/// <summary>Creates or resumes a run in a folder: builds the data, the effective config and the trainer.</summary>
public static class RunSetup
{
    /// <param name="config">The requested config (preset + overrides), validated here.</param>
    /// <param name="resume">Continue from the folder's latest checkpoint; with none yet, start fresh.</param>
    /// <param name="progress">Puzzle generation progress (what, done, total).</param>
    /// <param name="world">The data-parallel job (default: a single process). Every rank reads the folder; rank 0 alone
    /// locks and writes it.</param>
    public static Trainer Start(TrainConfig config, RunFolder folder, bool resume, Action<string>? info = null, Action<string, int, int>? progress = null,
        IDistributed? world = null)
    {
        world ??= new SingleProcess();
        // Refuse a second writer before reading anything: a run still going owns its folder.
        var folderLock = world.IsRoot ? RunLock.Acquire(folder.Root) : null;
        try
        {
            var trainer = StartLocked(config, folder, resume, info, progress, world);
            trainer.FolderLock = folderLock;
            world.Barrier(); // every rank has read the folder before rank 0 starts writing into it
            return trainer;
        }
        catch
        {
            folderLock?.Dispose();
            throw;
        }
    }

    private static Trainer StartLocked(TrainConfig config, RunFolder folder, bool resume, Action<string>? info, Action<string, int, int>? progress,
        IDistributed world)
    {
        string? latest = Directory.Exists(folder.CheckpointsDir) ? folder.LatestCheckpoint : null;
        if (!resume && (latest is not null || File.Exists(folder.MetricsPath)))
            throw new HrmException($"{folder.Root} already holds a run: pass --resume to continue it, or choose another --out");

        CheckpointInfo? checkpoint = resume && latest is not null ? Checkpoint.ReadInfo(latest) : null;
        if (checkpoint is not null)
            Checkpoint.RefuseResumingImported(checkpoint);
        config.Validate();
        var data = DataFactory.Create(config.Data, checkpoint?.PuzzleIds, progress);
        info?.Invoke($"data: {data.Train.Description}");
        if (data.Eval is not null)
            info?.Invoke($"held out: {data.Eval.Description}");

        var effective = Trainer.Effective(config, data.Train);
        if (checkpoint is not null)
        {
            var differences = ConfigDiff.Structural(checkpoint.Config, effective);
            if (differences.Count > 0)
                throw new HrmException([.. differences.Select(d => $"cannot resume {checkpoint.Name}: {d}")]);
        }

        var trainer = new Trainer(effective, data, world);
        try
        {
            if (checkpoint is not null)
            {
                trainer.Restore(checkpoint.Folder);
                info?.Invoke($"resumed from {checkpoint.Folder} at step {trainer.Step} ({trainer.ElapsedBefore / 60:F1} min done)");
            }
            else if (resume)
            {
                info?.Invoke($"no checkpoint in {folder.CheckpointsDir}: starting a new run");
            }
            if (checkpoint is null && effective.InitFrom is { } init)
            {
                var source = trainer.InitialiseFrom(init);
                info?.Invoke($"weights from {source.Folder} (step {source.Step}); optimiser, schedule and steps start fresh");
            }
            if (world.IsRoot)
            {
                Directory.CreateDirectory(folder.Root);
                AtomicFile.WriteAllText(folder.ConfigPath, effective.ToJson());
            }
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
        return trainer;
    }
}
