using HrmSharp.Encoding.Context;
using HrmSharp.Modeling;
using System.Text.Json.Serialization;

namespace HrmSharp.Training;

/// <summary>Which puzzle family a run trains on.</summary>
public enum DataKind { Sudoku, Maze, Arc, Synthetic }

/// <summary>Whether an in-context model predicts its answer's size or is given it (see <see cref="DataConfig.ContextAnswerSize"/>).</summary>
public enum AnswerSize { Predicted, Given }

/// <summary>
/// Where the examples come from. Sudoku and mazes are generated in memory from <see cref="Seed"/> unless
/// <see cref="Path"/> names a CSV; ARC reads task folders. Training examples are augmented on the fly, so a run needs no
/// dataset-building step and the batch at step s is a pure function of (seed, s).
/// </summary>
public sealed record DataConfig
{
    /// <summary>The puzzle family (sudoku, maze, arc, synthetic): picks the reader, encoder and scorer.</summary>
    public DataKind Kind { get; init; } = DataKind.Sudoku;

    /// <summary>puzzle_id: HRM's learned embedding per task (seen tasks only); context: the task's demos in the sequence (unseen tasks too).</summary>
    public Conditioning Conditioning { get; init; } = Conditioning.PuzzleId;

    /// <summary>Training data: a Sudoku/Maze CSV, or ARC task folder(s) separated by ';'. Null: generate (Sudoku, Maze).</summary>
    public string? Path { get; init; }

    /// <summary>Held-out data for evaluation (CSV for Sudoku/Maze). Null: generate (Sudoku, Maze) or, for ARC, the evaluation split inside <see cref="Path"/>
    /// (in context, plus the training tasks' test inputs; an explicit path is evaluated alone).</summary>
    public string? EvalPath { get; init; }

    /// <summary>Puzzles generated for training (Sudoku, Maze; ignored when <see cref="Path"/> is set).</summary>
    public int TrainCount { get; init; } = 1000;

    /// <summary>Held-out puzzles generated for evaluation (Sudoku, Maze, synthetic); 0 = no evaluation (also for ARC).</summary>
    public int EvalCount { get; init; } = 200;

    /// <summary>ARC: evaluate only the first N evaluation tasks in id order (0 = all).</summary>
    public int EvalTasks { get; init; }

    /// <summary>Seed of the generated puzzles, the epoch shuffles and the on-the-fly augmentations.</summary>
    public int Seed { get; init; }

    /// <summary>Validity-preserving augmentation of training examples (Sudoku relabel/permute, maze dihedral, ARC dihedral + colours).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Augmented versions per puzzle beyond the original (reference: 1000), each a variant the sampler may draw;
    /// ARC gives each its own puzzle identifier. Mazes always use their 8 dihedral views.</summary>
    public int Augmentations { get; init; } = 1000;

    /// <summary>In context: whether the training augmentation also turns the whole task by a random symmetry (the colour
    /// permutation always applies when augment is on). A turned mirror task is a different rule (a left-right mirror
    /// turned by 90° is a top-bottom mirror), which the model must then read from the demos; off, every rule keeps its family.</summary>
    public bool AugmentDihedral { get; init; } = true;

    /// <summary>In context, with model.paired_colours dihedral: the share of training sequences (0..1) that show the 7
    /// non-identity symmetries' paired colours in a random order of slots (identity stays first). A mirror rule then
    /// cannot be learned as "copy slot 3" but only as "copy the slot the demos agree with", which also covers symmetries
    /// no training task used. Evaluation always uses the fixed order. 0 (off) by default.</summary>
    public double PairedFrameShuffle { get; init; }

    /// <summary>ARC: augmented versions of each test input predicted and voted over at evaluation (0 = all of <see cref="Augmentations"/>).</summary>
    public int EvalAugmentations { get; init; } = 0;

    /// <summary>Generated Sudoku: clue-count range (see SudokuGeneratorOptions).</summary>
    public int MinClues { get; init; } = 17;
    /// <summary>Upper end of the clue range (more clues: easier puzzles).</summary>
    public int MaxClues { get; init; } = 30;

    /// <summary>Generated mazes: side (5..30) and shortest-path floor.</summary>
    public int MazeSize { get; init; } = 30;
    /// <summary>Shortest-path floor: rejects mazes whose path is too short to need search.</summary>
    public int MazeMinPath { get; init; }

    /// <summary>Synthetic (tests and benches): sequence length and vocabulary of the reverse-the-sequence task.</summary>
    public int SyntheticSeqLen { get; init; } = 16;
    /// <summary>Symbols of the reverse-the-sequence task (small: tests learn it in a few steps).</summary>
    public int SyntheticVocab { get; init; } = 8;

    // In-context conditioning (data.conditioning = context).
    /// <summary>
    /// packed: every grid at its real size; padded: every grid (demos, query, answer canvas) on its own 30×30 canvas as in
    /// HRM, so a task costs 900 tokens per grid. Decides training and evaluation alike (a checkpoint keeps it).
    /// </summary>
    public ContextLayout ContextLayout { get; init; } = ContextLayout.Packed;
    /// <summary>B·L budget of one in-context batch (padding included).</summary>
    public int ContextTokensPerBatch { get; init; } = 8192;
    /// <summary>
    /// Longest in-context training sequence, in tokens of <see cref="ContextLayout"/>; longer leave-one-out sequences are
    /// skipped (attention is L²). A padded sequence with k demos in context is (2k + 2)·900 tokens.
    /// </summary>
    public int ContextMaxLength { get; init; } = 4096;
    /// <summary>
    /// predicted (default): the answer canvas has the max-rule size and the model predicts where the answer ends (OUTSIDE
    /// labels beyond it). given: the canvas is exactly the true answer's size in training and evaluation, so the score
    /// measures colours alone (for diagnosis; a real solver is never told the size).
    /// </summary>
    public AnswerSize ContextAnswerSize { get; init; } = AnswerSize.Predicted;
    /// <summary>Also train on the training tasks' test pairs. Off by default so their test inputs stay a held-out check.</summary>
    public bool ContextIncludeTests { get; init; }
    /// <summary>Share of in-context batches made of freshly generated synthetic tasks (data/Synthetic).</summary>
    public double SyntheticRatio { get; init; }
    /// <summary>Synthetic families generated tasks are drawn from, comma-separated names or categories ("all" or empty: every family).</summary>
    [JsonConverter(typeof(CommaListJsonConverter))]
    public string SyntheticFamilies { get; init; } = "all";
    /// <summary>Largest side of a generated grid (3..30); smaller grids train faster.</summary>
    public int SyntheticMaxSize { get; init; } = 12;
    /// <summary>Synthetic families kept out of training, comma-separated names or categories (for testing generalisation to unseen rules).</summary>
    [JsonConverter(typeof(CommaListJsonConverter))]
    public string SyntheticHoldout { get; init; } = "";

    public IEnumerable<string> Problems()
    {
        if (Conditioning == Conditioning.Context && Kind != DataKind.Arc)
            yield return $"data.conditioning: context trains on ARC task folders (data.kind arc), got {Kind}";
        if (ContextLayout == ContextLayout.Padded && Conditioning != Conditioning.Context)
            yield return "data.context_layout: padded lays out in-context sequences (conditioning context); puzzle_id grids are always one 30x30 canvas";
        if (ContextAnswerSize == AnswerSize.Given && Conditioning != Conditioning.Context)
            yield return "data.context_answer_size: given sizes the in-context answer canvas (conditioning context)";
        if (ContextAnswerSize == AnswerSize.Given && ContextLayout == ContextLayout.Padded)
            yield return "data.context_answer_size: given needs the packed layout (a padded canvas is always 30x30)";
        if (SyntheticRatio is < 0 or > 1) yield return $"data.synthetic_ratio must be in [0, 1], got {SyntheticRatio}";
        if (PairedFrameShuffle is < 0 or > 1 || double.IsNaN(PairedFrameShuffle))
            yield return $"data.paired_frame_shuffle must be in [0, 1] (the share of training sequences shuffled), got {PairedFrameShuffle}";
        if (SyntheticRatio > 0 && Conditioning != Conditioning.Context)
            yield return "data.synthetic_ratio mixes generated tasks into in-context training (--conditioning context); " +
                         "a puzzle-ID model learns one embedding per task, so give it generated tasks as task folders in data.path instead";
        if (SyntheticMaxSize is < HrmSharp.Data.Synthetic.SynthOptions.SmallestMaxSize or > HrmSharp.Data.Grid.MaxSide)
            yield return $"data.synthetic_max_size must be in 3..30, got {SyntheticMaxSize}";
        if (ContextTokensPerBatch < 64) yield return $"data.context_tokens_per_batch must be at least 64, got {ContextTokensPerBatch}";
        if (ContextMaxLength < 64) yield return $"data.context_max_length must be at least 64, got {ContextMaxLength}";
        if (Kind == DataKind.Arc && Path is null)
            yield return "data.path: ARC training needs task folders (e.g. --data ../shared/data/arc-agi-1)";
        if (Path is null && Kind is DataKind.Sudoku or DataKind.Maze && TrainCount < 1)
            yield return $"data.train_count must be at least 1, got {TrainCount}";
        if (EvalCount < 0) yield return $"data.eval_count must not be negative, got {EvalCount}";
        if (Augmentations < 0) yield return $"data.augmentations must not be negative, got {Augmentations}";
        if (EvalTasks < 0) yield return $"data.eval_tasks must not be negative, got {EvalTasks}";
        if (EvalAugmentations < 0) yield return $"data.eval_augmentations must not be negative, got {EvalAugmentations}";
        if (Kind == DataKind.Synthetic && SyntheticSeqLen < 1) yield return $"data.synthetic_seq_len must be at least 1, got {SyntheticSeqLen}";
        if (Kind == DataKind.Synthetic && SyntheticVocab < 3) yield return $"data.synthetic_vocab must be at least 3, got {SyntheticVocab}";
    }
}
