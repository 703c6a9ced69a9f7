using HrmSharp.Modeling;

namespace HrmSharp.Training;

/// <summary>The parts of a restored checkpoint the trainer keeps itself.</summary>
public sealed record RestoredState(ActCarry? Carry, long Step, double ElapsedSeconds);
