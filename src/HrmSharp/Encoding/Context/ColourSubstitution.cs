using HrmSharp.Data;

namespace HrmSharp.Encoding.Context;

/// <summary>
/// Per map (a slot of <see cref="ContextBatch.PairedColours"/>), the colour substitution that best fits one context's
/// demos: for each paired id (none or a colour of the input under that map), the demo-output colour seen most often on
/// cells with that paired id, and how many demo-output cells the map followed by its substitution gets right. A map
/// that copies exactly has the identity substitution; a colour swap, a recolouring or a deletion is the identity map
/// with another one, so "a symmetry, then a colour change" is a candidate like the plain symmetry.
/// <para>Counts come only from demo outputs, never from the answer. Ties keep the id's own colour, then the lowest.</para>
/// </summary>
public sealed class ColourSubstitution
{
    private const int Frames = ContextBatch.PairedFrames, Ids = ContextBatch.PairedIds;
    private readonly int[] _counts = new int[Frames * Ids * Grid.Colours]; // [map, paired id, output colour]
    private readonly int[] _substitute = new int[Frames * Ids];              // [map, paired id] → id
    private readonly int[] _bucket = new int[Frames];
    private int _cells;
    private bool _fitted;

    /// <summary>Starts a new context.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        _cells = 0;
        _fitted = false;
    }

    /// <summary>One demo-output cell: its paired ids per map and its own colour id (1 + colour).</summary>
    public void Count(ReadOnlySpan<int> paired, int own)
    {
        for (int k = 0; k < Frames; k++)
            _counts[(k * Ids + paired[k]) * Grid.Colours + own - 1]++;
        _cells++;
        _fitted = false;
    }

    /// <summary>Map <paramref name="frame"/>'s candidate id for <paramref name="paired"/>, and the map's agreement bucket.</summary>
    public (int Id, int Bucket) Candidate(int frame, int paired)
    {
        if (!_fitted) Fit();
        return (_substitute[frame * Ids + paired], _bucket[frame]);
    }

    private void Fit()
    {
        for (int k = 0; k < Frames; k++)
        {
            int agreeing = 0;
            for (int id = 0; id < Ids; id++)
            {
                var counts = _counts.AsSpan((k * Ids + id) * Grid.Colours, Grid.Colours);
                int best = id - 1; // unseen: the id's own colour (none stays none)
                for (int colour = 0; colour < Grid.Colours; colour++)
                    if (counts[colour] > (best < 0 ? 0 : counts[best])) best = colour;
                _substitute[k * Ids + id] = best + 1;
                if (best >= 0) agreeing += counts[best];
            }
            _bucket[k] = ContextBatch.AgreementBucket(agreeing, _cells);
        }
        _fitted = true;
    }
}
