using HrmSharp.Augmentation;

namespace HrmSharp.Encoding;

/// <summary>
/// One training example as the batch sampler draws it: example <paramref name="Example"/> of variant (augmented version)
/// <paramref name="Variant"/> of group <paramref name="Group"/> (one original puzzle), placed at <paramref name="Translation"/>
/// (always none for datasets that do not translate). Compact: the tokens are produced on demand by the dataset.
/// </summary>
public readonly record struct TrainingExample(int Group, int Variant, int Example, Translation Translation);
