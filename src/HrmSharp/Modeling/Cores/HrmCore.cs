using HrmSharp.Modeling.Layers;
using static TorchSharp.torch;

namespace HrmSharp.Modeling.Cores;

/// <summary>
/// HRM's hierarchical cycle loop: a slow module H and a fast module L. Per segment, H_cycles × L_cycles L-updates
/// z_L = L(z_L, z_H + x), with an H-update z_H = H(z_H, z_L) after every L_cycles of them; everything but the last
/// L-update and the last H-update runs without gradient (one_step_gradient false: every update carries gradient).
/// </summary>
public sealed class HrmCore : IReasoningCore
{
    private readonly ReasoningModule _hLevel;
    private readonly ReasoningModule _lLevel;
    private readonly int _hCycles;
    private readonly int _lCycles;
    private readonly bool _oneStepGradient;

    public HrmCore(ModelConfig config, Generator? generator)
    {
        var block = BlockOptions.From(config);
        // Construction order (H then L) matches the reference so a shared generator draws the same init stream.
        _hLevel = new ReasoningModule(config.HLayers, block, generator);
        _lLevel = new ReasoningModule(config.LLayers, block, generator);
        (_hCycles, _lCycles, _oneStepGradient) = (config.HCycles, config.LCycles, config.OneStepGradient);
    }

    public IReadOnlyList<(string Name, nn.Module Module)> Modules => [("H_level", _hLevel), ("L_level", _lLevel)];

    public CoreState Segment(CoreState state, Tensor input, AttentionContext context)
    {
        using var scope = NewDisposeScope();
        var (zH, zL) = (state.ZH, state.ZL);
        using (_oneStepGradient ? no_grad() : null)
        {
            for (int h = 0; h < _hCycles; h++)
            {
                bool lastH = h == _hCycles - 1;
                for (int l = 0; l < _lCycles; l++)
                    if (!(lastH && l == _lCycles - 1))
                        zL = _lLevel.call(zL, zH + input, context);
                if (!lastH)
                    zH = _hLevel.call(zH, zL, context);
            }
        }
        // 1-step gradient: only the final L and H updates are differentiated.
        zL = _lLevel.call(zL, zH + input, context);
        zH = _hLevel.call(zH, zL, context);
        return new CoreState(scope.MoveToOuter(zH), scope.MoveToOuter(zL));
    }
}
