using System.Text.RegularExpressions;
using HrmSharp.Data;

namespace HrmSharp.Augmentation;

/// <summary>
/// One augmentation of a whole task: the same dihedral transform and colour permutation on every grid, so the demos
/// still show the (transformed) rule. Colour and space act independently, so the order of the two does not matter.
/// Text form <c>d&lt;dihedral&gt;.c&lt;colour images&gt;</c>, e.g. <c>d3.c0712345896</c>; the identity is <c>d0.c0123456789</c>.
/// </summary>
public sealed partial record TaskAugmentation(Dihedral Dihedral, ColourPermutation Colours)
{
    public static TaskAugmentation Identity { get; } = new(Dihedral.Identity, ColourPermutation.Identity);

    public bool IsIdentity => Dihedral.Index == 0 && Colours.IsIdentity;

    public Grid Apply(Grid grid) => Dihedral.Apply(Colours.Apply(grid));

    /// <summary>Maps a grid of the augmented task (e.g. a prediction) back to the original task's frame.</summary>
    public Grid Invert(Grid grid) => Colours.Inverse.Apply(Dihedral.Inverse.Apply(grid));

    /// <summary>Every grid of the task transformed; the id is kept (the augmentation is tracked beside it).</summary>
    public ArcTask Apply(ArcTask task) =>
        task with { Train = task.Train.Select(Apply).ToArray(), Test = task.Test.Select(Apply).ToArray() };

    public Pair Apply(Pair pair) => new(Apply(pair.Input), pair.Output is { } o ? Apply(o) : null);

    public TaskAugmentation Inverse => new(Dihedral.Inverse, Colours.Inverse);

    /// <summary>This augmentation followed by <paramref name="then"/>, as one augmentation.</summary>
    public TaskAugmentation Compose(TaskAugmentation then) => new(Dihedral.Compose(then.Dihedral), Colours.Compose(then.Colours));

    public override string ToString() => $"d{Dihedral.Index}.c{Colours}";

    /// <summary>Parses the text form; a malformed one is bad user input (<see cref="HrmException"/>).</summary>
    public static TaskAugmentation Parse(string text) =>
        TryParse(text, out var aug) ? aug
        : throw new HrmException($"invalid augmentation '{text}': expected d<0-7>.c<the 10 images of colours 0..9>, e.g. d3.c0712345896");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TaskAugmentation? augmentation)
    {
        augmentation = null;
        if (text is null) return false;
        var m = TextForm().Match(text);
        if (!m.Success) return false;
        try
        {
            augmentation = new TaskAugmentation(new Dihedral(m.Groups[1].Value[0] - '0'), ColourPermutation.Parse(m.Groups[2].Value));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^d([0-7])\.c([0-9]{10})$")]
    private static partial Regex TextForm();
}
