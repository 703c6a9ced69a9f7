// Fused bf16 attention for x86-64 CPUs with AVX-512 BF16: out = softmax(q kᵀ · scale) v with the scores and the softmax
// in fp32, probabilities rounded to bf16 for the p·v product (as FlashAttention does), output rounded once; and its
// backward pass. Built with the project by gcc (HrmSharp.csproj) and called by FusedCpuAttention; without it HrmSharp
// uses libtorch's kernels.
//
// Per (batch, head): k and v are repacked as bf16 pairs so that one 32-bit broadcast of a q (or p) pair times one
// 512-bit load of 16 packed key (or value-dimension) pairs is one vdpbf16ps. Query rows go in tiles of MR: their full
// score rows (≤ a few KB each) stay in L1/L2, so the softmax is exact and two-pass, not online. With a mask, each tile
// only visits the span of keys any of its rows may attend (packed in-context sequences are block-diagonal).
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MR 6 // rows per tile: MR × 4 accumulators + 4 operands fit the 32 zmm registers

// A bf16 [B, S, H, D] tensor given by element strides (batch, position, head), the last dimension contiguous.
typedef struct {
    const uint16_t* data;
    int64_t batch_stride, position_stride, head_stride;
} hrm_view;

// One attention call: q, k, v of one shape [B, S, H, D]; mask null or bytes [B or 1, S, S] (nonzero = may attend;
// mask_batch_stride 0 = shared by every batch row); S, H, D; the score scale. Laid out as FusedCpuAttention.Args.
typedef struct {
    hrm_view q, k, v;
    const uint8_t* mask;
    int64_t mask_batch_stride;
    int64_t s, heads, d;
    float scale;
} hrm_attention;

// The first element of head h of batch row b.
static inline const uint16_t* head_of(const hrm_view* t, int64_t b, int64_t h) {
    return t->data + b * t->batch_stride + h * t->head_stride;
}

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

// scores[r][j0, j0 + 16·nv) = a_r · b_j. a: MR rows of d2n bf16 pairs; b packed [d2n][spad] pairs.
static inline __attribute__((always_inline)) void qk_tile(const uint32_t* ap, const uint32_t* bp, int64_t spad,
                                                          int64_t d2n, int64_t j0, float* scores, const int nv) {
    __m512 acc[MR][4];
    for (int r = 0; r < MR; r++)
        for (int c = 0; c < nv; c++) acc[r][c] = _mm512_setzero_ps();
    for (int64_t d2 = 0; d2 < d2n; d2++) {
        __m512bh bv[4];
        for (int c = 0; c < nv; c++) bv[c] = (__m512bh)_mm512_loadu_si512(bp + d2 * spad + j0 + 16 * c);
        for (int r = 0; r < MR; r++) {
            const __m512bh ab = (__m512bh)_mm512_set1_epi32((int)ap[r * d2n + d2]);
            for (int c = 0; c < nv; c++) acc[r][c] = _mm512_dpbf16_ps(acc[r][c], ab, bv[c]);
        }
    }
    for (int r = 0; r < MR; r++)
        for (int c = 0; c < nv; c++) _mm512_storeu_ps(scores + r * spad + j0 + 16 * c, acc[r][c]);
}

// out_r[d0, d0 + 16·nv) = scale_r · Σ_j p_rj v_j over pairs j2 in [j2_lo, j2_hi). p: MR rows of p2n bf16 pairs;
// v packed [spad/2][d] pairs of positions.
static inline __attribute__((always_inline)) void pv_tile(const uint32_t* pp, int64_t p2n, const uint32_t* vp,
                                                          int64_t d, int64_t j2_lo, int64_t j2_hi, int64_t d0,
                                                          const float* row_scale, uint16_t* const* out_rows, int rows,
                                                          const int nv) {
    __m512 acc[MR][4];
    for (int r = 0; r < MR; r++)
        for (int c = 0; c < nv; c++) acc[r][c] = _mm512_setzero_ps();
    for (int64_t j2 = j2_lo; j2 < j2_hi; j2++) {
        __m512bh vv[4];
        for (int c = 0; c < nv; c++) vv[c] = (__m512bh)_mm512_loadu_si512(vp + j2 * d + d0 + 16 * c);
        for (int r = 0; r < MR; r++) {
            const __m512bh pb = (__m512bh)_mm512_set1_epi32((int)pp[r * p2n + j2]);
            for (int c = 0; c < nv; c++) acc[r][c] = _mm512_dpbf16_ps(acc[r][c], pb, vv[c]);
        }
    }
    for (int r = 0; r < rows; r++) {
        const __m512 sc = _mm512_set1_ps(row_scale ? row_scale[r] : 1.0f);
        for (int c = 0; c < nv; c++)
            _mm256_storeu_si256((__m256i*)(out_rows[r] + d0 + 16 * c),
                                (__m256i)_mm512_cvtneps_pbh(_mm512_mul_ps(acc[r][c], sc)));
    }
}

// scores[MR][lo, hi) = tile · packedᵀ; lo and hi multiples of 16.
static void score_rows(const uint32_t* tile, const uint32_t* packed, int64_t spad, int64_t d2n, int64_t lo, int64_t hi,
                       float* scores) {
    int64_t j0 = lo;
    for (; j0 + 64 <= hi; j0 += 64) qk_tile(tile, packed, spad, d2n, j0, scores, 4);
    switch ((hi - j0) / 16) {
        case 3: qk_tile(tile, packed, spad, d2n, j0, scores, 3); break;
        case 2: qk_tile(tile, packed, spad, d2n, j0, scores, 2); break;
        case 1: qk_tile(tile, packed, spad, d2n, j0, scores, 1); break;
        default: break;
    }
}

// out_rows[r] = row_scale_r · Σ_{j in [lo, hi)} rows[r][j] · packed[j] for bf16 rows [MR][spad] and position-pair
// packed [spad/2][d] (row_scale null = 1).
static void product_rows(const uint16_t* rows_bf16, int64_t p2n, const uint32_t* packed, int64_t d, int64_t lo, int64_t hi,
                         const float* row_scale, uint16_t* const* out_rows, int rows) {
    const uint32_t* pp = (const uint32_t*)rows_bf16;
    int64_t d0 = 0;
    for (; d0 + 64 <= d; d0 += 64) pv_tile(pp, p2n, packed, d, lo / 2, hi / 2, d0, row_scale, out_rows, rows, 4);
    switch ((d - d0) / 16) {
        case 3: pv_tile(pp, p2n, packed, d, lo / 2, hi / 2, d0, row_scale, out_rows, rows, 3); break;
        case 2: pv_tile(pp, p2n, packed, d, lo / 2, hi / 2, d0, row_scale, out_rows, rows, 2); break;
        case 1: pv_tile(pp, p2n, packed, d, lo / 2, hi / 2, d0, row_scale, out_rows, rows, 1); break;
        default: break;
    }
}

// The span [lo, hi) of columns that any of `rows` mask rows (s bytes each, `stride` apart) allows, widened to multiples
// of 16 within spad; [0, spad) without a mask, lo == hi when nothing is allowed.
static void allowed_span(const uint8_t* mask, int64_t stride, int rows, int64_t s, int64_t spad, int64_t* lo, int64_t* hi) {
    if (!mask) {
        *lo = 0, *hi = spad;
        return;
    }
    int64_t first = s, last = -1;
    for (int r = 0; r < rows; r++) {
        const uint8_t* m = mask + r * stride;
        for (int64_t j = 0; j < first; j += 64) {
            const __mmask64 in = s - j >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (s - j)) - 1);
            const __m512i v = _mm512_maskz_loadu_epi8(in, m + j);
            const __mmask64 nz = _mm512_test_epi8_mask(v, v);
            if (nz) {
                if (j + __builtin_ctzll(nz) < first) first = j + __builtin_ctzll(nz);
                break;
            }
        }
        for (int64_t j = (s - 1) / 64 * 64; j > last - 64 && j >= 0; j -= 64) {
            const __mmask64 in = s - j >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << (s - j)) - 1);
            const __m512i v = _mm512_maskz_loadu_epi8(in, m + j);
            const __mmask64 nz = _mm512_test_epi8_mask(v, v);
            if (nz) {
                const int64_t at = j + 63 - __builtin_clzll(nz);
                if (at > last) last = at;
                break;
            }
        }
    }
    if (last < 0) {
        *lo = *hi = 0;
        return;
    }
    *lo = first / 16 * 16;
    *hi = (last / 16 + 1) * 16;
    if (*hi > spad) *hi = spad;
}

// Softmax of one score row over [lo, hi) into bf16 probabilities; returns 1 / Σ exp (0 when the row may attend nowhere)
// and, when lse is not null, stores log Σ exp(scale · score), the row's normaliser for the backward pass (+inf for a
// row that attends nowhere). Columns from s on are padding.
static float softmax_row(float* srow, uint16_t* prow, int64_t s, int64_t lo, int64_t hi, const uint8_t* mask_row,
                         float scale, float* lse) {
    if (mask_row)
        for (int64_t j = lo; j < (hi < s ? hi : s); j++)
            if (!mask_row[j]) srow[j] = -INFINITY;
    for (int64_t j = s > lo ? s : lo; j < hi; j++) srow[j] = -INFINITY;
    __m512 mx = _mm512_set1_ps(-INFINITY);
    for (int64_t j = lo; j < hi; j += 16) mx = _mm512_max_ps(mx, _mm512_loadu_ps(srow + j));
    const float m = _mm512_reduce_max_ps(mx);
    if (m == -INFINITY) {
        if (hi > lo) memset(prow + lo, 0, (size_t)(hi - lo) * 2);
        if (lse) *lse = INFINITY;
        return 0;
    }
    const __m512 vm = _mm512_set1_ps(m), vs = _mm512_set1_ps(scale);
    __m512 sum = _mm512_setzero_ps();
    for (int64_t j = lo; j < hi; j += 32) {
        const __m512 e0 = exp_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(srow + j), vm), vs));
        const __m512 e1 = j + 16 < hi
            ? exp_nonpositive(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(srow + j + 16), vm), vs))
            : _mm512_setzero_ps();
        sum = _mm512_add_ps(sum, _mm512_add_ps(e0, e1));
        const __m512i pr = (__m512i)_mm512_cvtne2ps_pbh(e1, e0); // lanes j .. j+31 in order
        if (j + 32 <= hi) _mm512_storeu_si512(prow + j, pr);
        else _mm256_storeu_si256((__m256i*)(prow + j), _mm512_castsi512_si256(pr));
    }
    const float total = _mm512_reduce_add_ps(sum);
    if (lse) *lse = m * scale + logf(total);
    return 1.0f / total;
}

// Rows → [d2n][spad] bf16 pairs along the head dim (the right operand of q·kᵀ); padded positions must already be zero.
static void pack_dim_pairs(const uint16_t* rows, int64_t row_stride, int64_t s, int64_t d2n, int64_t spad, uint32_t* dst) {
    for (int64_t j = 0; j < s; j++) {
        const uint32_t* r = (const uint32_t*)(rows + j * row_stride);
        for (int64_t d2 = 0; d2 < d2n; d2++) dst[d2 * spad + j] = r[d2];
    }
}

// Rows → [spad/2][d] pairs of consecutive positions (the right operand of p·v); the odd tail's partner must already be zero.
static void pack_position_pairs(const uint16_t* rows, int64_t row_stride, int64_t s, int64_t d, uint32_t* dst) {
    for (int64_t j = 0; j < s; j++) {
        const uint16_t* r = rows + j * row_stride;
        uint16_t* out = (uint16_t*)(dst + (j / 2) * d) + (j & 1);
        for (int64_t dd = 0; dd < d; dd++) out[2 * dd] = r[dd];
    }
}

// MR rows (row_stride apart; rows past `rows` zero) → [MR][d2n] bf16 pairs along the head dim: a tile's left operand.
static void load_tile(const uint16_t* first, int64_t row_stride, int rows, int64_t d, uint32_t* dst) {
    for (int r = 0; r < MR; r++) {
        if (r < rows) memcpy(dst + r * (d / 2), first + r * row_stride, (size_t)d * 2);
        else memset(dst + r * (d / 2), 0, (size_t)d * 2);
    }
}

// 1 when this CPU can run the kernels.
int hrm_fused_attention_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") && __builtin_cpu_supports("avx512bw");
}

// out: contiguous bf16 [B, S, H, D]. lse: null, or fp32 [B·H][S] for each row's log Σ exp (what the backward pass
// needs). Handles the (batch, head) pairs bh_begin .. bh_end - 1 (bh = b·H + h), so callers can split the work over
// threads. Returns 0, 1 when D is not a positive multiple of 16, 2 when out of memory.
int hrm_fused_attention_forward(const hrm_attention* a, uint16_t* out, float* lse, int64_t bh_begin, int64_t bh_end) {
    const int64_t s = a->s, h_count = a->heads, d = a->d, q_ss = a->q.position_stride;
    const uint8_t* mask = a->mask;
    const float scale = a->scale;
    if (d <= 0 || d % 16 != 0 || s <= 0) return 1;
    const int64_t d2n = d / 2, spad = (s + 15) / 16 * 16, p2n = spad / 2;
    uint32_t* kp = alloc64(d2n * spad * 4);   // k as [D/2][spad] bf16 pairs
    uint32_t* vp = alloc64(p2n * d * 4);      // v as [spad/2][D] pairs of positions
    uint32_t* qp = alloc64(MR * d2n * 4);     // MR query rows
    float* scores = alloc64(MR * spad * 4);   // MR score rows
    uint16_t* probs = alloc64(MR * spad * 2); // MR probability rows, bf16
    if (!kp || !vp || !qp || !scores || !probs) {
        free(kp), free(vp), free(qp), free(scores), free(probs);
        return 2;
    }
    memset(kp, 0, (size_t)(d2n * spad * 4)); // padded positions stay zero for every head
    memset(vp, 0, (size_t)(p2n * d * 4));
    for (int64_t bh = bh_begin; bh < bh_end; bh++) {
        const int64_t b = bh / h_count, h = bh % h_count;
        const uint16_t* qb = head_of(&a->q, b, h);
        const uint8_t* mb = mask ? mask + b * a->mask_batch_stride : NULL;
        pack_dim_pairs(head_of(&a->k, b, h), a->k.position_stride, s, d2n, spad, kp);
        pack_position_pairs(head_of(&a->v, b, h), a->v.position_stride, s, d, vp);
        for (int64_t i0 = 0; i0 < s; i0 += MR) {
            const int rows = (int)(s - i0 < MR ? s - i0 : MR);
            int64_t lo, hi;
            allowed_span(mb ? mb + i0 * s : NULL, s, rows, s, spad, &lo, &hi);
            load_tile(qb + i0 * q_ss, q_ss, rows, d, qp);
            score_rows(qp, kp, spad, d2n, lo, hi, scores);
            float inv[MR] = {0};
            uint16_t* out_rows[MR];
            for (int r = 0; r < MR; r++) {
                out_rows[r] = out + ((b * s + i0 + (r < rows ? r : 0)) * h_count + h) * d;
                if (r < rows)
                    inv[r] = softmax_row(scores + r * spad, probs + r * spad, s, lo, hi, mb ? mb + (i0 + r) * s : NULL,
                                         scale, lse ? lse + bh * s + i0 + r : NULL);
                else if (hi > lo)
                    memset(probs + r * spad + lo, 0, (size_t)(hi - lo) * 2);
            }
            product_rows(probs, p2n, vp, d, lo, hi, inv, out_rows, rows);
        }
    }
    free(kp), free(vp), free(qp), free(scores), free(probs);
    return 0;
}

// One row of the backward pass over columns [lo, hi): P = exp(scale · score − L) (0 where masked or past `valid`) and
// dS = P ∘ (dP − Δ) · scale, both rounded to bf16. L and Δ are per row (one value) in the query-major pass and per
// column (vectors) in the key-major pass, where the rows are keys and the columns queries.
static void gradient_row(const float* srow, const float* dprow, int64_t lo, int64_t hi, int64_t valid,
                         const uint8_t* mask_row, const float* l, int l_is_vector, const float* delta, int delta_is_vector,
                         float scale, uint16_t* prow, uint16_t* dsrow) {
    const __m512 vs = _mm512_set1_ps(scale);
    for (int64_t j = lo; j < hi; j += 16) {
        __mmask16 live = valid - j >= 16 ? (__mmask16)0xFFFF : valid > j ? (__mmask16)((1u << (valid - j)) - 1) : 0;
        if (mask_row && live) {
            const __m128i m = _mm_maskz_loadu_epi8(live, mask_row + j);
            live &= _mm_test_epi8_mask(m, m);
        }
        const __m512 lv = l_is_vector ? _mm512_loadu_ps(l + j) : _mm512_set1_ps(*l);
        const __m512 dv = delta_is_vector ? _mm512_loadu_ps(delta + j) : _mm512_set1_ps(*delta);
        const __m512 p = _mm512_maskz_mov_ps(live, exp_nonpositive(_mm512_fmsub_ps(_mm512_loadu_ps(srow + j), vs, lv)));
        const __m512 ds = _mm512_mul_ps(_mm512_mul_ps(p, _mm512_sub_ps(_mm512_loadu_ps(dprow + j), dv)), vs);
        if (prow) _mm256_storeu_si256((__m256i*)(prow + j), (__m256i)_mm512_cvtneps_pbh(p));
        _mm256_storeu_si256((__m256i*)(dsrow + j), (__m256i)_mm512_cvtneps_pbh(ds));
    }
}

// Scratch for the backward pass of one (batch, head) at a time: every operand packed both ways, two tiles, and the
// score-sized rows of one tile. Allocated once per call and reused for every head.
typedef struct {
    uint32_t *k_dim, *v_dim, *q_dim, *do_dim; // [D/2][spad] pairs along the head dim
    uint32_t *k_pos, *q_pos, *do_pos;         // [spad/2][D] pairs of positions
    uint32_t *tile_a, *tile_b;                // MR rows each
    float *scores, *dps;                      // MR score rows, MR dP rows
    uint16_t *probs, *dss;                    // MR rows of P and dS, bf16
    float *l_col, *delta;                     // lse and Δ of every query (the key-major pass reads them as vectors)
    uint8_t* mask_t;                          // the mask transposed, [key][query] (null without a mask)
    int64_t mask_t_batch;                     // which batch row mask_t holds (-1: none yet)
    int64_t d2n, spad, p2n;
} backward_scratch;

static void scratch_free(backward_scratch* w) {
    void* all[] = {w->k_dim, w->v_dim, w->q_dim, w->do_dim, w->k_pos, w->q_pos, w->do_pos, w->tile_a, w->tile_b,
                   w->scores, w->dps, w->probs, w->dss, w->l_col, w->delta, w->mask_t};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
}

// 0, or 2 when out of memory (nothing left allocated). Packed buffers start zeroed: padded positions stay zero.
static int scratch_alloc(backward_scratch* w, int64_t s, int64_t d, int masked) {
    memset(w, 0, sizeof *w);
    const int64_t d2n = d / 2, spad = (s + 15) / 16 * 16, p2n = spad / 2;
    w->d2n = d2n, w->spad = spad, w->p2n = p2n, w->mask_t_batch = -1;
    uint32_t** dims[] = {&w->k_dim, &w->v_dim, &w->q_dim, &w->do_dim};
    uint32_t** positions[] = {&w->k_pos, &w->q_pos, &w->do_pos};
    int ok = 1;
    for (int i = 0; i < 4; i++) ok &= (*dims[i] = alloc64(d2n * spad * 4)) != NULL;
    for (int i = 0; i < 3; i++) ok &= (*positions[i] = alloc64(p2n * d * 4)) != NULL;
    ok &= (w->tile_a = alloc64(MR * d2n * 4)) != NULL;
    ok &= (w->tile_b = alloc64(MR * d2n * 4)) != NULL;
    ok &= (w->scores = alloc64(MR * spad * 4)) != NULL;
    ok &= (w->dps = alloc64(MR * spad * 4)) != NULL;
    ok &= (w->probs = alloc64(MR * spad * 2)) != NULL;
    ok &= (w->dss = alloc64(MR * spad * 2)) != NULL;
    ok &= (w->l_col = alloc64(spad * 4)) != NULL;
    ok &= (w->delta = alloc64(spad * 4)) != NULL;
    if (masked) ok &= (w->mask_t = alloc64(s * s)) != NULL;
    if (!ok) {
        scratch_free(w);
        return 2;
    }
    for (int i = 0; i < 4; i++) memset(*dims[i], 0, (size_t)(d2n * spad * 4));
    for (int i = 0; i < 3; i++) memset(*positions[i], 0, (size_t)(p2n * d * 4));
    memset(w->l_col, 0, (size_t)spad * 4), memset(w->delta, 0, (size_t)spad * 4);
    return 0;
}

// Step 1 of a head: the mask transposed (once per batch row when masks differ per row), every operand packed both
// ways, and per query its normaliser L = lse and Δ = dO · O (the softmax backward's row term).
static void prepare_head(const hrm_attention* a, backward_scratch* w, int64_t b, int64_t h, const uint16_t* out,
                         const uint16_t* dout, const float* lse) {
    const int64_t s = a->s, d = a->d, row = a->heads * d, first = b * s * row + h * d, bh = b * a->heads + h;
    const uint8_t* mb = a->mask ? a->mask + b * a->mask_batch_stride : NULL;
    if (mb && w->mask_t_batch != (a->mask_batch_stride ? b : 0)) {
        for (int64_t i = 0; i < s; i++)
            for (int64_t j = 0; j < s; j++) w->mask_t[j * s + i] = mb[i * s + j];
        w->mask_t_batch = a->mask_batch_stride ? b : 0;
    }
    const uint16_t *qb = head_of(&a->q, b, h), *kb = head_of(&a->k, b, h), *vb = head_of(&a->v, b, h);
    pack_dim_pairs(kb, a->k.position_stride, s, w->d2n, w->spad, w->k_dim);
    pack_dim_pairs(vb, a->v.position_stride, s, w->d2n, w->spad, w->v_dim);
    pack_dim_pairs(qb, a->q.position_stride, s, w->d2n, w->spad, w->q_dim);
    pack_dim_pairs(dout + first, row, s, w->d2n, w->spad, w->do_dim);
    pack_position_pairs(kb, a->k.position_stride, s, d, w->k_pos);
    pack_position_pairs(qb, a->q.position_stride, s, d, w->q_pos);
    pack_position_pairs(dout + first, row, s, d, w->do_pos);
    for (int64_t i = 0; i < s; i++) {
        const uint16_t* o = out + first + i * row;
        const uint16_t* g = dout + first + i * row;
        float acc = 0;
        for (int64_t dd = 0; dd < d; dd++) {
            const uint32_t ob = (uint32_t)o[dd] << 16, gb = (uint32_t)g[dd] << 16;
            float of, gf;
            memcpy(&of, &ob, 4), memcpy(&gf, &gb, 4);
            acc += of * gf;
        }
        w->delta[i] = acc;
        w->l_col[i] = lse[bh * s + i];
    }
}

// Step 2, query-major: per query tile recompute S = q·kᵀ and dP = dO·vᵀ, form dS, and write dq = dS·k.
static void query_major_pass(const hrm_attention* a, backward_scratch* w, int64_t b, int64_t h, const uint16_t* dout,
                             uint16_t* dq) {
    const int64_t s = a->s, d = a->d, spad = w->spad, row = a->heads * d, first = b * s * row + h * d;
    const uint8_t* mb = a->mask ? a->mask + b * a->mask_batch_stride : NULL;
    const uint16_t* qb = head_of(&a->q, b, h);
    for (int64_t i0 = 0; i0 < s; i0 += MR) {
        const int rows = (int)(s - i0 < MR ? s - i0 : MR);
        load_tile(qb + i0 * a->q.position_stride, a->q.position_stride, rows, d, w->tile_a);
        load_tile(dout + first + i0 * row, row, rows, d, w->tile_b);
        int64_t lo, hi;
        allowed_span(mb ? mb + i0 * s : NULL, s, rows, s, spad, &lo, &hi);
        score_rows(w->tile_a, w->k_dim, spad, w->d2n, lo, hi, w->scores);
        score_rows(w->tile_b, w->v_dim, spad, w->d2n, lo, hi, w->dps);
        uint16_t* out_rows[MR];
        for (int r = 0; r < MR; r++) {
            const int64_t i = i0 + (r < rows ? r : 0);
            out_rows[r] = dq + first + i * row;
            if (r < rows)
                gradient_row(w->scores + r * spad, w->dps + r * spad, lo, hi, s, mb ? mb + i * s : NULL, w->l_col + i, 0,
                             w->delta + i, 0, a->scale, NULL, w->dss + r * spad);
            else if (hi > lo)
                memset(w->dss + r * spad + lo, 0, (size_t)(hi - lo) * 2);
        }
        product_rows(w->dss, w->p2n, w->k_pos, d, lo, hi, NULL, out_rows, rows);
    }
}

// Step 3, key-major: per key tile recompute Sᵀ = k·qᵀ and dPᵀ = v·dOᵀ over the queries that may attend these keys,
// and write dv = Pᵀ·dO and dk = dSᵀ·q.
static void key_major_pass(const hrm_attention* a, backward_scratch* w, int64_t b, int64_t h, uint16_t* dk, uint16_t* dv) {
    const int64_t s = a->s, d = a->d, spad = w->spad, row = a->heads * d, first = b * s * row + h * d;
    const int masked = a->mask != NULL;
    const uint16_t *kb = head_of(&a->k, b, h), *vb = head_of(&a->v, b, h);
    for (int64_t j0 = 0; j0 < s; j0 += MR) {
        const int rows = (int)(s - j0 < MR ? s - j0 : MR);
        load_tile(kb + j0 * a->k.position_stride, a->k.position_stride, rows, d, w->tile_a);
        load_tile(vb + j0 * a->v.position_stride, a->v.position_stride, rows, d, w->tile_b);
        int64_t lo, hi; // the queries that may attend any of these keys
        allowed_span(masked ? w->mask_t + j0 * s : NULL, s, rows, s, spad, &lo, &hi);
        score_rows(w->tile_a, w->q_dim, spad, w->d2n, lo, hi, w->scores); // Sᵀ rows: key j against the queries
        score_rows(w->tile_b, w->do_dim, spad, w->d2n, lo, hi, w->dps);   // dPᵀ rows
        uint16_t* dk_rows[MR];
        uint16_t* dv_rows[MR];
        for (int r = 0; r < MR; r++) {
            const int64_t j = j0 + (r < rows ? r : 0);
            dk_rows[r] = dk + first + j * row;
            dv_rows[r] = dv + first + j * row;
            if (r < rows)
                gradient_row(w->scores + r * spad, w->dps + r * spad, lo, hi, s, masked ? w->mask_t + j * s : NULL,
                             w->l_col, 1, w->delta, 1, a->scale, w->probs + r * spad, w->dss + r * spad);
            else if (hi > lo)
                memset(w->probs + r * spad + lo, 0, (size_t)(hi - lo) * 2), memset(w->dss + r * spad + lo, 0, (size_t)(hi - lo) * 2);
        }
        product_rows(w->probs, w->p2n, w->do_pos, d, lo, hi, NULL, dv_rows, rows);
        product_rows(w->dss, w->p2n, w->q_pos, d, lo, hi, NULL, dk_rows, rows);
    }
}

// Gradients of the forward above. out, dout: contiguous bf16 [B, S, H, D] (the forward's output and the gradient
// arriving at it); lse: the forward's [B·H][S] normalisers. Writes contiguous bf16 [B, S, H, D] dq, dk, dv. Per
// (batch, head): prepare (pack, Δ), then two passes, each a full contraction written once (no accumulators, no
// transposes) over the span of columns the mask allows: query-major (dq) and key-major (dk, dv). Seven S×S×D products
// instead of the minimal five, all in the same register-tiled kernels. Returns as the forward.
int hrm_fused_attention_backward(const hrm_attention* a, const uint16_t* out, const uint16_t* dout, const float* lse,
                                 uint16_t* dq, uint16_t* dk, uint16_t* dv, int64_t bh_begin, int64_t bh_end) {
    if (a->d <= 0 || a->d % 16 != 0 || a->s <= 0) return 1;
    backward_scratch w;
    if (scratch_alloc(&w, a->s, a->d, a->mask != NULL) != 0) return 2;
    for (int64_t bh = bh_begin; bh < bh_end; bh++) {
        const int64_t b = bh / a->heads, h = bh % a->heads;
        prepare_head(a, &w, b, h, out, dout, lse);
        query_major_pass(a, &w, b, h, dout, dq);
        key_major_pass(a, &w, b, h, dk, dv);
    }
    scratch_free(&w);
    return 0;
}
