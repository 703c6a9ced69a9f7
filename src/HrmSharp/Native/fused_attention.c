// Fused bf16 attention forward for x86-64 CPUs with AVX-512 BF16: out = softmax(q kᵀ · scale) v with the scores and the
// softmax in fp32, probabilities rounded to bf16 for the p·v product (as FlashAttention does), output rounded once.
// No autograd: HrmSharp calls it for forwards that need no gradient (the HRM no-grad cycles, the Q-target forward,
// evaluation). Built with the project by gcc (HrmSharp.csproj); without it HrmSharp uses libtorch's kernels.
//
// Per (batch, head): k and v are repacked as bf16 pairs so that one 32-bit broadcast of a q (or p) pair times one
// 512-bit load of 16 packed key (or value-dimension) pairs is one vdpbf16ps. Query rows go in tiles of MR: their full
// score rows (≤ a few KB each) stay in L1/L2, so the softmax is exact and two-pass, not online.
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MR 6 // query rows per tile: MR × 4 accumulators + 4 operands fit the 32 zmm registers

static void* alloc64(int64_t bytes) { return aligned_alloc(64, (size_t)((bytes + 63) / 64 * 64)); }

// exp(x) for x <= 0; below -87 (also -inf) gives 0. Degree-6 polynomial on |r| <= ln2/2: relative error ~2e-7.
static inline __m512 exp_nonpositive(__m512 x) {
    const __mmask16 live = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.0f), _CMP_GE_OQ);
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125f), x); // ln 2 in two parts
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.428606765330187045e-06f), r);
    __m512 p = _mm512_set1_ps(1.0f / 720);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_maskz_mov_ps(live, _mm512_scalef_ps(p, n));
}

// scores[r][j0, j0 + 16·nv) = q_r · k_j. q: MR rows of d2n bf16 pairs; k packed [d2n][spad] pairs.
static inline __attribute__((always_inline)) void qk_tile(const uint32_t* qp, const uint32_t* kp, int64_t spad,
                                                          int64_t d2n, int64_t j0, float* scores, const int nv) {
    __m512 acc[MR][4];
    for (int r = 0; r < MR; r++)
        for (int c = 0; c < nv; c++) acc[r][c] = _mm512_setzero_ps();
    for (int64_t d2 = 0; d2 < d2n; d2++) {
        __m512bh kv[4];
        for (int c = 0; c < nv; c++) kv[c] = (__m512bh)_mm512_loadu_si512(kp + d2 * spad + j0 + 16 * c);
        for (int r = 0; r < MR; r++) {
            const __m512bh qb = (__m512bh)_mm512_set1_epi32((int)qp[r * d2n + d2]);
            for (int c = 0; c < nv; c++) acc[r][c] = _mm512_dpbf16_ps(acc[r][c], qb, kv[c]);
        }
    }
    for (int r = 0; r < MR; r++)
        for (int c = 0; c < nv; c++) _mm512_storeu_ps(scores + r * spad + j0 + 16 * c, acc[r][c]);
}

// out_r[d0, d0 + 16·nv) = inv_r · Σ_j p_rj v_j. p: MR rows of p2n bf16 pairs; v packed [s2][d] pairs.
static inline __attribute__((always_inline)) void pv_tile(const uint32_t* pp, int64_t p2n, const uint32_t* vp,
                                                          int64_t d, int64_t s2, int64_t d0, const float* inv,
                                                          uint16_t* const* out_rows, int rows, const int nv) {
    __m512 acc[MR][4];
    for (int r = 0; r < MR; r++)
        for (int c = 0; c < nv; c++) acc[r][c] = _mm512_setzero_ps();
    for (int64_t j2 = 0; j2 < s2; j2++) {
        __m512bh vv[4];
        for (int c = 0; c < nv; c++) vv[c] = (__m512bh)_mm512_loadu_si512(vp + j2 * d + d0 + 16 * c);
        for (int r = 0; r < MR; r++) {
            const __m512bh pb = (__m512bh)_mm512_set1_epi32((int)pp[r * p2n + j2]);
            for (int c = 0; c < nv; c++) acc[r][c] = _mm512_dpbf16_ps(acc[r][c], pb, vv[c]);
        }
    }
    for (int r = 0; r < rows; r++) {
        const __m512 s = _mm512_set1_ps(inv[r]);
        for (int c = 0; c < nv; c++)
            _mm256_storeu_si256((__m256i*)(out_rows[r] + d0 + 16 * c),
                                (__m256i)_mm512_cvtneps_pbh(_mm512_mul_ps(acc[r][c], s)));
    }
}

// Softmax of one score row in place of its bf16 probabilities; returns 1 / Σ exp (0 when the row may attend nowhere).
static float softmax_row(float* srow, uint16_t* prow, int64_t s, int64_t spad, const uint8_t* mask_row, float scale) {
    if (mask_row)
        for (int64_t j = 0; j < s; j++)
            if (!mask_row[j]) srow[j] = -INFINITY;
    for (int64_t j = s; j < spad; j++) srow[j] = -INFINITY;
    __m512 mx = _mm512_set1_ps(-INFINITY);
    for (int64_t j = 0; j < spad; j += 16) mx = _mm512_max_ps(mx, _mm512_loadu_ps(srow + j));
    const float m = _mm512_reduce_max_ps(mx);
    if (m == -INFINITY) {
        memset(prow, 0, (size_t)spad * 2);
        return 0;
    }
    const __m512 vm = _mm512_set1_ps(m), vs = _mm512_set1_ps(scale);
    __m512 sum = _mm512_setzero_ps();
    for (int64_t j = 0; j < spad; j += 32) {
        const __m512 e0 = exp_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(srow + j), vm), vs));
        const __m512 e1 = j + 16 < spad
            ? exp_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(srow + j + 16), vm), vs))
            : _mm512_setzero_ps();
        sum = _mm512_add_ps(sum, _mm512_add_ps(e0, e1));
        const __m512i pr = (__m512i)_mm512_cvtne2ps_pbh(e1, e0); // lanes j .. j+31 in order
        if (j + 32 <= spad) _mm512_storeu_si512(prow + j, pr);
        else _mm256_storeu_si256((__m256i*)(prow + j), _mm512_castsi512_si256(pr));
    }
    return 1.0f / _mm512_reduce_add_ps(sum);
}

// 1 when this CPU can run the kernel.
int hrm_fused_attention_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw");
}

// q, k, v: bf16 [B, S, H, D] given by element strides (batch, position, head), the last dimension contiguous.
// out: contiguous bf16 [B, S, H, D]. mask: null or bytes [B or 1, S, S] (nonzero = may attend; mask_batch_stride 0 = shared).
// Handles the (batch, head) pairs bh_begin .. bh_end - 1 (bh = b·H + h), so callers can split the work over threads.
// Returns 0, 1 when D is not a positive multiple of 16, 2 when out of memory.
int hrm_fused_attention_forward(const uint16_t* q, int64_t q_sb, int64_t q_ss, int64_t q_sh,
                                const uint16_t* k, int64_t k_sb, int64_t k_ss, int64_t k_sh,
                                const uint16_t* v, int64_t v_sb, int64_t v_ss, int64_t v_sh,
                                uint16_t* out, const uint8_t* mask, int64_t mask_batch_stride,
                                int64_t s, int64_t h_count, int64_t d, float scale, int64_t bh_begin, int64_t bh_end) {
    if (d <= 0 || d % 16 != 0 || s <= 0) return 1;
    const int64_t d2n = d / 2, spad = (s + 15) / 16 * 16, p2n = spad / 2, s2 = (s + 1) / 2;
    uint32_t* kp = alloc64(d2n * spad * 4);  // k as [D/2][spad] bf16 pairs
    uint32_t* vp = alloc64(p2n * d * 4);     // v as [spad/2][D] pairs of positions
    uint32_t* qp = alloc64(MR * d2n * 4);    // MR query rows
    float* scores = alloc64(MR * spad * 4);  // MR score rows
    uint16_t* probs = alloc64(MR * spad * 2); // MR probability rows, bf16
    if (!kp || !vp || !qp || !scores || !probs) {
        free(kp), free(vp), free(qp), free(scores), free(probs);
        return 2;
    }
    memset(kp, 0, (size_t)(d2n * spad * 4)); // padded positions stay zero for every head
    memset(vp, 0, (size_t)(p2n * d * 4));
    for (int64_t bh = bh_begin; bh < bh_end; bh++) {
        const int64_t b = bh / h_count, h = bh % h_count;
        const uint16_t* qb = q + b * q_sb + h * q_sh;
        const uint16_t* kb = k + b * k_sb + h * k_sh;
        const uint16_t* vb = v + b * v_sb + h * v_sh;
        const uint8_t* mb = mask ? mask + b * mask_batch_stride : NULL;
        for (int64_t j = 0; j < s; j++) {
            const uint32_t* kr = (const uint32_t*)(kb + j * k_ss);
            for (int64_t d2 = 0; d2 < d2n; d2++) kp[d2 * spad + j] = kr[d2];
        }
        for (int64_t j = 0; j < s; j++) {
            const uint16_t* vr = vb + j * v_ss;
            uint16_t* dst = (uint16_t*)(vp + (j / 2) * d) + (j & 1);
            for (int64_t dd = 0; dd < d; dd++) dst[2 * dd] = vr[dd];
        }
        for (int64_t i0 = 0; i0 < s; i0 += MR) {
            const int rows = (int)(s - i0 < MR ? s - i0 : MR);
            for (int r = 0; r < MR; r++) {
                if (r < rows) memcpy(qp + r * d2n, qb + (i0 + r) * q_ss, (size_t)d * 2);
                else memset(qp + r * d2n, 0, (size_t)d * 2);
            }
            int64_t j0 = 0;
            for (; j0 + 64 <= spad; j0 += 64) qk_tile(qp, kp, spad, d2n, j0, scores, 4);
            switch ((spad - j0) / 16) {
                case 3: qk_tile(qp, kp, spad, d2n, j0, scores, 3); break;
                case 2: qk_tile(qp, kp, spad, d2n, j0, scores, 2); break;
                case 1: qk_tile(qp, kp, spad, d2n, j0, scores, 1); break;
                default: break;
            }
            float inv[MR] = {0};
            uint16_t* out_rows[MR];
            for (int r = 0; r < MR; r++) {
                out_rows[r] = out + ((b * s + i0 + (r < rows ? r : 0)) * h_count + h) * d;
                if (r < rows)
                    inv[r] = softmax_row(scores + r * spad, probs + r * spad, s, spad, mb ? mb + (i0 + r) * s : NULL, scale);
                else
                    memset(probs + r * spad, 0, (size_t)spad * 2);
            }
            const uint32_t* pp = (const uint32_t*)probs;
            int64_t d0 = 0;
            for (; d0 + 64 <= d; d0 += 64) pv_tile(pp, p2n, vp, d, s2, d0, inv, out_rows, rows, 4);
            switch ((d - d0) / 16) {
                case 3: pv_tile(pp, p2n, vp, d, s2, d0, inv, out_rows, rows, 3); break;
                case 2: pv_tile(pp, p2n, vp, d, s2, d0, inv, out_rows, rows, 2); break;
                case 1: pv_tile(pp, p2n, vp, d, s2, d0, inv, out_rows, rows, 1); break;
                default: break;
            }
        }
    }
    free(kp), free(vp), free(qp), free(scores), free(probs);
    return 0;
}
